package io.driftwatch.alerting.testing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.driftwatch.alerting.Alert;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;

/** DriftAlert events as the Flink job publishes them, with the few fields tests vary. */
public final class TestAlerts {
    public static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private TestAlerts() {
    }

    public static DriftAlert event(String model, String feature, Severity severity, AlertStatus status, Map<String, String> labels) {
        String fingerprint = model + "/v1/" + (feature == null ? "-" : feature) + "/psi";
        return DriftAlert.newBuilder()
                .setFingerprint(fingerprint)
                .setStatus(status)
                .setSeverity(severity)
                .setModelId(model)
                .setModelVersion("v1")
                .setFeature(feature)
                .setMetric("psi")
                .setValue(0.31)
                .setThreshold(0.25)
                .setWindowStart(T0.minusSeconds(300))
                .setWindowEnd(T0)
                .setStartedAt(T0)
                .setLabels(new HashMap<>(labels))
                .setAnnotations(new HashMap<>())
                .build();
    }

    public static Alert firing(String model, String feature, Severity severity) {
        return Alert.of(event(model, feature, severity, AlertStatus.FIRING, Map.of("team", "risk")));
    }

    public static Alert resolved(String model, String feature, Severity severity) {
        return Alert.of(event(model, feature, severity, AlertStatus.RESOLVED, Map.of("team", "risk")));
    }

    /** Avro single-object encoding, as on the drift-alerts topic. */
    public static byte[] encode(DriftAlert event) {
        try {
            ByteBuffer buffer = DriftAlert.getEncoder().encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
