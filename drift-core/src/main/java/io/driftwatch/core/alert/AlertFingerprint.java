package io.driftwatch.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable identity of an alert series: the first 16 hex digits of SHA-256 over model, version,
 * feature (empty for model-level alerts) and metric, separated by a byte that cannot occur in
 * validated names. FIRING and its RESOLVED share it, across restarts and job versions, so
 * receivers (PagerDuty's dedup_key, Alertmanager-style grouping) can match them.
 */
public final class AlertFingerprint {
    private AlertFingerprint() {}

    public static String of(String modelId, String modelVersion, String feature, String metric) {
        String identity = String.join("\u0000", modelId, modelVersion, feature == null ? "" : feature, metric);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
