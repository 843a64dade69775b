package io.driftwatch.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MatcherTest {
    private static final Map<String, String> LABELS = Map.of("model", "fraud", "severity", "critical");

    @Test
    void equalityMatchesQuotedAndUnquotedValues() {
        assertThat(Matcher.parse("model=fraud").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("model = \"fraud\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("model!=fraud").matches(LABELS)).isFalse();
    }

    @Test
    void regexIsAnchoredToTheWholeValue() {
        assertThat(Matcher.parse("model=~fr.*").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("model=~fr").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("severity!~\"warning|info\"").matches(LABELS)).isTrue();
    }

    @Test
    void absentLabelMatchesTheEmptyString() {
        assertThat(Matcher.parse("feature=\"\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("feature!=\"\"").matches(LABELS)).isFalse();
    }

    @Test
    void malformedMatcherSaysWhatIsExpected() {
        assertThatThrownBy(() -> Matcher.parse("model"))
                .hasMessageContaining("is not a matcher (use label=value");
    }
}
