package io.driftwatch.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesPrometheusDurations() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("1w")).contains(Duration.ofDays(7));
        assertThat(Durations.parse("5x")).isEmpty();
        assertThat(Durations.parse("30")).isEmpty();
    }
}
