package io.driftwatch.flink.alert;

import io.driftwatch.core.alert.AlertFingerprint;
import io.driftwatch.flink.decode.Segments;

/**
 * Identity of one alert series. With segments configured, the segment is part of the identity (it is
 * folded into the fingerprint's feature, or metric for model-level series) so that two segments of
 * one version never share a state machine.
 *
 * @param segment the segment, or {@code null} when segments are off
 * @param feature feature label, or {@code null} for the model-level series
 */
public record AlertSeries(String model, String version, String segment, String feature, String metric) {

    public static AlertSeries of(String model, String version, String segment, String feature, String metric) {
        return new AlertSeries(model, version, Segments.ALL.equals(segment) ? null : segment, feature, metric);
    }

    /** The series without its model (the alert stage's key), as kept in state. */
    public String withoutModel() {
        return String.join("\n", version, segment == null ? "" : segment, feature == null ? "" : feature, metric);
    }

    /** Inverse of {@link #withoutModel()}. */
    public static AlertSeries of(String model, String withoutModel) {
        String[] parts = withoutModel.split("\n", -1);
        return new AlertSeries(model, parts[0], parts[1].isEmpty() ? null : parts[1],
                parts[2].isEmpty() ? null : parts[2], parts[3]);
    }

    /** The version stream (version and segment) the series belongs to, as the alert stage names it. */
    String stream() {
        return AlertEvaluator.stream(version, segment == null ? Segments.ALL : segment);
    }

    public String fingerprint() {
        String suffix = segment == null ? "" : "@" + segment;
        return feature == null
                ? AlertFingerprint.of(model, version, null, metric + suffix)
                : AlertFingerprint.of(model, version, feature + suffix, metric);
    }
}
