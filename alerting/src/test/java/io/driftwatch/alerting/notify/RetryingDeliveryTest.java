package io.driftwatch.alerting.notify;

import static io.driftwatch.alerting.testing.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.http.ServiceMetrics;
import io.driftwatch.alerting.testing.FakeClock;
import io.driftwatch.alerting.testing.RecordingNotifier;
import io.driftwatch.alerting.testing.TestAlerts;
import io.driftwatch.events.Severity;

class RetryingDeliveryTest {
    private final FakeClock clock = new FakeClock(T0);
    private final List<Duration> waits = new ArrayList<>();
    private final List<DeliveryFailure> failures = new ArrayList<>();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final Integration integration = new Integration("team", new IntegrationConfig.Console("console[0]", true), notifier);
    private final Notification notification = new Notification("g", "team", Map.of(),
            List.of(TestAlerts.firing("fraud", "amount", Severity.WARNING)), List.of(), T0);
    private final ServiceMetrics metrics = new ServiceMetrics();

    private RetryingDelivery delivery(double jitter) {
        return new RetryingDelivery(new AlertingConfig.Delivery(Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofSeconds(60), Duration.ofSeconds(1)), clock, wait -> {
                    waits.add(wait);
                    clock.advance(wait);
                }, () -> jitter, failures::add, metrics);
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            notifier.failNext(DeliveryException.transientFailure("HTTP 503", null));
        }
    }

    @Test
    void backoffDoublesUpToItsMaximumWithJitterInTheUpperHalf() throws Exception {
        failTimes(5);

        DeliveryResult result = delivery(0.0).deliver(integration, notification);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(6));
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(metrics.total("driftwatch_alerting_notifications_retried_total")).isEqualTo(5);
    }

    @Test
    void retryAfterOfTheServerIsWaitedExactly() throws Exception {
        notifier.failNext(new DeliveryException("HTTP 429", true, Optional.of(Duration.ofSeconds(7)), null));

        delivery(1.0).deliver(integration, notification);

        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void givesUpWhenTheNextAttemptWouldStartTooLateAndRecordsTheFailure() throws Exception {
        failTimes(100);

        DeliveryResult result = delivery(1.0).deliver(integration, notification);

        assertThat(result).isInstanceOf(DeliveryResult.GaveUp.class);
        assertThat(clock.instant()).isBefore(T0.plusSeconds(60));
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.integration()).isEqualTo("team/console[0]");
            assertThat(failure.fingerprints()).containsExactly("fraud/v1/amount/psi");
            assertThat(failure.attempts()).isEqualTo(result.attempts());
        });
        assertThat(metrics.total("driftwatch_alerting_notifications_failed_total")).isEqualTo(1);
    }

    @Test
    void permanentFailureIsNotRetried() throws Exception {
        notifier.failNext(DeliveryException.permanent("HTTP 400 invalid_blocks"));

        DeliveryResult result = delivery(1.0).deliver(integration, notification);

        assertThat(result).isEqualTo(new DeliveryResult.GaveUp(1, "HTTP 400 invalid_blocks"));
        assertThat(waits).isEmpty();
    }
}
