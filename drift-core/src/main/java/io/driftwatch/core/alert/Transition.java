package io.driftwatch.core.alert;

/**
 * A change that is published: the series started firing (or escalated to a worse level while
 * firing), or it resolved.
 *
 * @param status FIRING or RESOLVED
 * @param level severity at this transition (for RESOLVED, the level that had fired)
 * @param value metric value of the window that caused it
 * @param threshold the limit {@code value} was compared to
 * @param windowStart start of that window, epoch ms
 * @param windowEnd end of that window, epoch ms
 * @param startedAt end of the first breaching window of the episode, epoch ms
 */
public record Transition(Status status, Level level, double value, double threshold, long windowStart,
                         long windowEnd, long startedAt) {
    /** Published statuses, as in the DriftAlert schema. */
    public enum Status {
        FIRING,
        RESOLVED
    }
}
