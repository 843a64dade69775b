package io.driftwatch.alerting;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;

/**
 * The latest known state of one alert series (one fingerprint). {@code labels} are what routing,
 * grouping, inhibition and silences match on: the event's own labels plus {@code model},
 * {@code version}, {@code feature} (absent for model-level alerts), {@code metric} and
 * {@code severity} (lower case) taken from the event's fields, which win over same-named labels.
 */
public record Alert(DriftAlert event, Map<String, String> labels) {

    public Alert {
        labels = Map.copyOf(labels);
    }

    public static Alert of(DriftAlert event) {
        Map<String, String> labels = new TreeMap<>(event.getLabels());
        labels.put("model", event.getModelId());
        labels.put("version", event.getModelVersion());
        if (event.getFeature() != null) {
            labels.put("feature", event.getFeature());
        } else {
            labels.remove("feature");
        }
        labels.put("metric", event.getMetric());
        labels.put("severity", severityName(event.getSeverity()));
        return new Alert(event, labels);
    }

    public static String severityName(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    public String fingerprint() {
        return event.getFingerprint();
    }

    public boolean firing() {
        return event.getStatus() == AlertStatus.FIRING;
    }

    public Severity severity() {
        return event.getSeverity();
    }

    public String model() {
        return event.getModelId();
    }

    public String version() {
        return event.getModelVersion();
    }

    public Optional<String> feature() {
        return Optional.ofNullable(event.getFeature());
    }

    public String metric() {
        return event.getMetric();
    }

    public double value() {
        return event.getValue();
    }

    public double threshold() {
        return event.getThreshold();
    }

    public Instant startedAt() {
        return event.getStartedAt();
    }

    public Map<String, String> annotations() {
        return event.getAnnotations();
    }

    /** How far past its threshold the value is; orders the alerts shown when a group is summarised. */
    public double breachRatio() {
        return event.getThreshold() == 0 ? Math.abs(event.getValue()) : Math.abs(event.getValue() / event.getThreshold());
    }
}
