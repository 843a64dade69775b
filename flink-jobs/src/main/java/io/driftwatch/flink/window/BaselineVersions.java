package io.driftwatch.flink.window;

import io.driftwatch.events.Baseline;
import java.util.Optional;

/**
 * The baselines of one model version as broadcast state: the current one, the windows it applies
 * from, and the one before it (still needed by windows that started earlier and are not yet
 * evaluated). Two generations suffice because a replacement applies from the next window.
 *
 * @param currentFrom first window start the current baseline applies to ({@link Long#MIN_VALUE} for
 *     the first baseline of a version, which applies to everything)
 * @param previous the baseline before, or {@code null}
 */
public record BaselineVersions(Baseline current, long currentFrom, Baseline previous) {

    public static BaselineVersions first(Baseline baseline) {
        return new BaselineVersions(baseline, Long.MIN_VALUE, null);
    }

    /** With {@code replacement} applying from {@code from}; the same baseline delivered again changes nothing. */
    public BaselineVersions replacedBy(Baseline replacement, long from) {
        if (replacement.getCreatedAt().equals(current.getCreatedAt())) {
            return this;
        }
        return new BaselineVersions(replacement, from, current);
    }

    /** The baseline a window starting at {@code windowStart} is compared with. */
    public Baseline forWindow(long windowStart) {
        return windowStart >= currentFrom || previous == null ? current : previous;
    }

    /** The baseline with this creation time, if still kept. */
    public Optional<Baseline> byCreatedAt(long createdAtMillis) {
        if (current.getCreatedAt().toEpochMilli() == createdAtMillis) {
            return Optional.of(current);
        }
        if (previous != null && previous.getCreatedAt().toEpochMilli() == createdAtMillis) {
            return Optional.of(previous);
        }
        return Optional.empty();
    }
}
