package io.driftwatch.schema.validate;

import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.LabelEvent;
import io.driftwatch.events.Prediction;
import io.driftwatch.events.PredictionEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks decoded events before they reach any state. The first problem found is returned as a
 * {@link Rejection} whose message names the field and value, so a dead letter says exactly what to fix
 * at the producer. Stateless and thread-safe.
 *
 * <p>Names (model ids, versions, feature and segment names) become InfluxDB tags and Flink keys, so
 * they are restricted to {@code [A-Za-z0-9._:/-]}: no spaces, commas or equals signs that the line
 * protocol would need to escape, and nothing that looks different from what it is.
 */
public final class EventValidator {
    private final ValidationLimits limits;

    public EventValidator(ValidationLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Optional<Rejection> validate(PredictionEvent event, Instant now) {
        return observation(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getTimestamp(),
                event.getNumericFeatures(), event.getCategoricalFeatures(), event.getSegments(), now)
                .or(() -> prediction(event.getPrediction()))
                .or(() -> optionalFinite("latency_ms", event.getLatencyMs()));
    }

    public Optional<Rejection> validate(FeatureEvent event, Instant now) {
        return observation(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getTimestamp(),
                event.getNumericFeatures(), event.getCategoricalFeatures(), event.getSegments(), now);
    }

    /** What predictions and logged features have in common: identity, time, features, segments. */
    private Optional<Rejection> observation(String eventId, String modelId, String modelVersion, Instant timestamp,
                                            Map<String, Double> numeric, Map<String, String> categorical,
                                            Map<String, String> segments, Instant now) {
        return first(
                () -> eventId(eventId),
                () -> name("model_id", modelId, limits.maxIdLength(), RejectReason.INVALID_ID),
                () -> name("model_version", modelVersion, limits.maxIdLength(), RejectReason.INVALID_ID),
                () -> timestamp(timestamp, now),
                () -> features(numeric, categorical),
                () -> segments(segments));
    }

    public Optional<Rejection> validate(LabelEvent event, Instant now) {
        return first(
                () -> eventId(event.getEventId()),
                () -> name("model_id", event.getModelId(), limits.maxIdLength(), RejectReason.INVALID_ID),
                () -> timestamp(event.getTimestamp(), now),
                () -> event.getLabelClass() == null && event.getLabelValue() == null
                        ? reject(RejectReason.MISSING_FIELD, "label has neither label_class nor label_value")
                        : Optional.empty(),
                () -> optionalString("label_class", event.getLabelClass()),
                () -> optionalFinite("label_value", event.getLabelValue()));
    }

    @SafeVarargs
    private static Optional<Rejection> first(java.util.function.Supplier<Optional<Rejection>>... checks) {
        for (var check : checks) {
            Optional<Rejection> rejection = check.get();
            if (rejection.isPresent()) {
                return rejection;
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> eventId(String id) {
        if (id == null || id.isEmpty()) {
            return reject(RejectReason.MISSING_FIELD, "event_id is empty");
        }
        if (id.length() > limits.maxIdLength()) {
            return reject(RejectReason.INVALID_ID, "event_id is " + id.length() + " characters, more than "
                    + limits.maxIdLength());
        }
        return Optional.empty();
    }

    private Optional<Rejection> name(String field, String value, int maxLength, RejectReason reason) {
        if (value == null || value.isEmpty()) {
            return reject(RejectReason.MISSING_FIELD, field + " is empty");
        }
        if (value.length() > maxLength) {
            return reject(reason, field + " is " + value.length() + " characters, more than " + maxLength
                    + ": '" + abbreviate(value) + "'");
        }
        if (!isName(value)) {
            return reject(reason, field + " '" + abbreviate(value) + "' has characters outside [A-Za-z0-9._:/-]");
        }
        return Optional.empty();
    }

    private Optional<Rejection> timestamp(Instant timestamp, Instant now) {
        if (timestamp == null) {
            return reject(RejectReason.MISSING_FIELD, "timestamp is missing");
        }
        if (timestamp.toEpochMilli() < 0) {
            return reject(RejectReason.INVALID_TIMESTAMP, "timestamp " + timestamp + " is before 1970");
        }
        if (timestamp.isAfter(now.plus(limits.maxFutureSkew()))) {
            return reject(RejectReason.INVALID_TIMESTAMP, "timestamp " + timestamp + " is more than "
                    + limits.maxFutureSkew() + " in the future");
        }
        return Optional.empty();
    }

    private Optional<Rejection> features(Map<String, Double> numeric, Map<String, String> categorical) {
        int total = numeric.size() + categorical.size();
        if (total > limits.maxFeatures()) {
            return reject(RejectReason.TOO_MANY_FEATURES, total + " features, more than the cap of " + limits.maxFeatures());
        }
        for (Map.Entry<String, Double> entry : numeric.entrySet()) {
            Optional<Rejection> bad = featureName(entry.getKey())
                    .or(() -> optionalFinite("numeric_features.", entry.getKey(), entry.getValue()));
            if (bad.isPresent()) {
                return bad;
            }
        }
        for (Map.Entry<String, String> entry : categorical.entrySet()) {
            Optional<Rejection> bad = featureName(entry.getKey())
                    .or(() -> optionalString("categorical_features.", entry.getKey(), entry.getValue()));
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> featureName(String name) {
        return name("feature name", name, limits.maxFeatureNameLength(), RejectReason.INVALID_FEATURE_NAME);
    }

    private Optional<Rejection> prediction(Prediction prediction) {
        if (prediction == null) {
            return reject(RejectReason.MISSING_FIELD, "prediction is missing");
        }
        Optional<Rejection> bad = optionalFinite("prediction.score", prediction.getScore())
                .or(() -> optionalString("prediction.predicted_class", prediction.getPredictedClass()));
        if (bad.isPresent()) {
            return bad;
        }
        if (prediction.getClassProbabilities().size() > limits.maxFeatures()) {
            return reject(RejectReason.TOO_MANY_FEATURES, "prediction.class_probabilities has "
                    + prediction.getClassProbabilities().size() + " classes, more than " + limits.maxFeatures());
        }
        for (Map.Entry<String, Double> entry : prediction.getClassProbabilities().entrySet()) {
            bad = optionalString("prediction.class_probabilities key", entry.getKey())
                    .or(() -> optionalFinite("prediction.class_probabilities.", entry.getKey(), entry.getValue()));
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> segments(Map<String, String> segments) {
        if (segments.size() > limits.maxFeatures()) {
            return reject(RejectReason.TOO_MANY_FEATURES, segments.size() + " segment tags, more than " + limits.maxFeatures());
        }
        for (Map.Entry<String, String> entry : segments.entrySet()) {
            Optional<Rejection> bad = name("segment name", entry.getKey(), limits.maxFeatureNameLength(),
                    RejectReason.INVALID_FEATURE_NAME)
                    .or(() -> optionalString("segments.", entry.getKey(), entry.getValue()));
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every character is in {@code [A-Za-z0-9._:/-]}. A loop, not a regular expression: it
     * runs for every feature name of every event, and the regex was 18% of the drift job's source
     * thread (BENCHMARKS.md, job throughput).
     */
    private static boolean isName(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Rejection> optionalFinite(String field, Double value) {
        return optionalFinite(field, "", value);
    }

    /**
     * {@link #optionalFinite(String, Double)} for field {@code prefix + key}, whose name is built only
     * when the value is refused: this runs for every feature of every event (BENCHMARKS.md).
     */
    private static Optional<Rejection> optionalFinite(String prefix, String key, Double value) {
        if (value != null && !Double.isFinite(value)) {
            return reject(RejectReason.NON_FINITE_VALUE, prefix + key + " is " + value
                    + "; send null for a missing value");
        }
        return Optional.empty();
    }

    private Optional<Rejection> optionalString(String field, String value) {
        return optionalString(field, "", value);
    }

    /** {@link #optionalString(String, String)} for field {@code prefix + key}, named only when refused. */
    private Optional<Rejection> optionalString(String prefix, String key, String value) {
        if (value != null && value.length() > limits.maxStringLength()) {
            return reject(RejectReason.STRING_TOO_LONG, abbreviate(prefix + key) + " is " + value.length()
                    + " characters, more than " + limits.maxStringLength());
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
