package io.driftwatch.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.driftwatch.alerting.Alert;
import io.driftwatch.events.Severity;

/**
 * What one integration is told about one alert group at one flush: the alerts firing now (most
 * severe and furthest past threshold first) and those that resolved since the last message.
 */
public record Notification(
        String groupKey,
        String receiver,
        Map<String, String> groupLabels,
        List<Alert> firing,
        List<Alert> resolved,
        Instant at) {

    private static final Comparator<Alert> MOST_URGENT_FIRST = Comparator
            .comparing((Alert alert) -> alert.severity().ordinal()).reversed()
            .thenComparing(Comparator.comparingDouble(Alert::breachRatio).reversed())
            .thenComparing(Alert::fingerprint);

    public Notification {
        groupLabels = Map.copyOf(groupLabels);
        firing = firing.stream().sorted(MOST_URGENT_FIRST).toList();
        resolved = resolved.stream().sorted(MOST_URGENT_FIRST).toList();
    }

    /** True when nothing of the group fires any more: the message announces the all-clear. */
    public boolean isResolved() {
        return firing.isEmpty();
    }

    /** The highest severity among the firing alerts (or the resolved ones, for an all-clear). */
    public Severity severity() {
        List<Alert> alerts = isResolved() ? resolved : firing;
        return alerts.isEmpty() ? Severity.INFO : alerts.get(0).severity();
    }

    /** The alerts the message is about: the firing ones, or for an all-clear the resolved ones. */
    public List<Alert> subject() {
        return isResolved() ? resolved : firing;
    }

    /**
     * Stable id of the group at this receiver (SHA-256 hex of receiver and group key, 64 chars):
     * PagerDuty's dedup_key, so a trigger and its resolve name the same incident across restarts.
     */
    public String dedupKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((receiver + "\n" + groupKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
