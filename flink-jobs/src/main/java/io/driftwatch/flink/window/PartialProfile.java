package io.driftwatch.flink.window;

/**
 * One pre-aggregation subtask's profile of a window (or, for late events, the delta since it last
 * emitted), sent to the merge stage keyed by {@link WindowKey}.
 *
 * @param windowEnd exclusive end, epoch ms
 */
public record PartialProfile(WindowKey key, long windowStart, long windowEnd, WindowProfile profile) {
}
