package io.driftwatch.flink.influx;

import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code alerts} measurement: one point per published alert transition, stamped with the end of
 * the window that caused it, so Grafana can draw FIRING/RESOLVED as annotations on every drift panel
 * and count the series firing now ({@code firing} = 1 on the latest point of a fingerprint).
 *
 * <p>Tags: model, version, feature ({@code _model} for model-level alerts), metric, severity, status,
 * fingerprint (bounded: one per alert series). Fields: value, threshold, firing, summary.
 */
public final class AlertPoints {
    /** Feature tag of model-level alerts, which have none. */
    public static final String MODEL_LEVEL = "_model";

    private AlertPoints() {}

    public static InfluxPoint of(DriftAlert alert) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("model", alert.getModelId());
        tags.put("version", alert.getModelVersion());
        tags.put("feature", alert.getFeature() == null ? MODEL_LEVEL : alert.getFeature());
        tags.put("metric", alert.getMetric());
        tags.put("severity", alert.getSeverity().name().toLowerCase(Locale.ROOT));
        tags.put("status", alert.getStatus().name().toLowerCase(Locale.ROOT));
        tags.put("fingerprint", alert.getFingerprint());
        String summary = alert.getAnnotations().getOrDefault("summary",
                alert.getStatus() + " " + alert.getMetric() + " " + tags.get("feature"));
        return new InfluxPoint("alerts", tags, Map.of("value", alert.getValue(), "threshold", alert.getThreshold()),
                Map.of("firing", alert.getStatus() == AlertStatus.FIRING ? 1L : 0L), Map.of("summary", summary),
                alert.getWindowEnd().toEpochMilli());
    }
}
