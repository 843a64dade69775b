package io.driftwatch.schema.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.LabelEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.schema.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:05:00Z");
    private final EventValidator validator = new EventValidator(ValidationLimits.DEFAULTS);

    @Test
    void validEventPasses() {
        assertThat(validator.validate(Events.prediction(), NOW)).isEmpty();
    }

    @Test
    void nanFeatureIsRejectedNamingTheFeature() {
        Optional<Rejection> rejection = validate(e -> e.getNumericFeatures().put("age", Double.NaN));
        assertThat(rejection).get().extracting(Rejection::reason).isEqualTo(RejectReason.NON_FINITE_VALUE);
        assertThat(rejection.get().message()).contains("numeric_features.age");
    }

    @Test
    void infiniteScoreAndLatencyAreRejected() {
        assertThat(validate(e -> e.getPrediction().setScore(Double.POSITIVE_INFINITY)))
                .get().extracting(Rejection::reason).isEqualTo(RejectReason.NON_FINITE_VALUE);
        assertThat(validate(e -> e.setLatencyMs(Double.NEGATIVE_INFINITY)))
                .get().extracting(Rejection::reason).isEqualTo(RejectReason.NON_FINITE_VALUE);
    }

    @Test
    void modelIdWithSpacesOrTooLongIsInvalid() {
        assertThat(validate(e -> e.setModelId("fraud model"))).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.INVALID_ID);
        assertThat(validate(e -> e.setModelId("m".repeat(129)))).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.INVALID_ID);
        assertThat(validate(e -> e.setModelVersion(""))).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void featureNameWithLineProtocolCharactersIsInvalid() {
        assertThat(validate(e -> e.getNumericFeatures().put("a,b=c", 1.0))).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.INVALID_FEATURE_NAME);
    }

    @Test
    void namesAcceptExactlyTheCharactersOfTheDocumentedSet() {
        java.util.regex.Pattern documented = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]+");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String name = "f" + c;
            boolean accepted = validate(e -> e.getNumericFeatures().put(name, 1.0)).isEmpty();
            assertThat(accepted).as("feature name with U+%04X", (int) c).isEqualTo(documented.matcher(name).matches());
        }
    }

    @Test
    void tooManyFeaturesIsRejectedBeforeLookingAtEachOne() {
        EventValidator strict = new EventValidator(new ValidationLimits(128, 128, 3, 256, Duration.ofDays(1)));
        PredictionEvent event = Events.prediction();
        Map<String, Double> many = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            many.put("f" + i, (double) i);
        }
        event.setNumericFeatures(many);
        assertThat(strict.validate(event, NOW)).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.TOO_MANY_FEATURES);
    }

    @Test
    void overlongCategoryIsRejected() {
        assertThat(validate(e -> e.getCategoricalFeatures().put("country", "x".repeat(10_000))))
                .get().extracting(Rejection::reason).isEqualTo(RejectReason.STRING_TOO_LONG);
    }

    @Test
    void negativeAndFarFutureTimestampsAreInvalid() {
        assertThat(validate(e -> e.setTimestamp(Instant.ofEpochMilli(-5)))).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.INVALID_TIMESTAMP);
        assertThat(validate(e -> e.setTimestamp(NOW.plus(Duration.ofDays(2))))).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.INVALID_TIMESTAMP);
        assertThat(validate(e -> e.setTimestamp(NOW.plus(Duration.ofHours(2))))).isEmpty();
    }

    @Test
    void labelWithoutAnyTruthIsMissingAField() {
        LabelEvent label = LabelEvent.newBuilder().setEventId("e").setModelId("m").setTimestamp(NOW).build();
        assertThat(validator.validate(label, NOW)).get().extracting(Rejection::reason)
                .isEqualTo(RejectReason.MISSING_FIELD);
        label.setLabelValue(3.5);
        assertThat(validator.validate(label, NOW)).isEmpty();
    }

    @Test
    void reasonCodesAreKebabCaseAndUnique() {
        assertThat(RejectReason.values()).extracting(RejectReason::code)
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*")).doesNotHaveDuplicates();
    }

    private Optional<Rejection> validate(Consumer<PredictionEvent> change) {
        PredictionEvent event = Events.prediction();
        change.accept(event);
        return validator.validate(event, NOW);
    }
}
