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
record AlertSeries(String model, String version, String segment, String feature, String metric) {

    static AlertSeries of(String model, String version, String segment, String feature, String metric) {
        return new AlertSeries(model, version, Segments.ALL.equals(segment) ? null : segment, feature, metric);
    }

    String fingerprint() {
        String suffix = segment == null ? "" : "@" + segment;
        return feature == null
                ? AlertFingerprint.of(model, version, null, metric + suffix)
                : AlertFingerprint.of(model, version, feature + suffix, metric);
    }
}
