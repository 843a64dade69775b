package io.driftwatch.flink.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * The rule by which an alert stage, keyed by model, notices that one of the model's streams (a version,
 * or a version and segment) stopped producing windows while the model's other streams went on — its
 * traffic moved to a newer version after a deployment, or a canary ended — so that the stream's firing
 * series resolve ({@link AlertMessages#noTrafficResolved}) instead of staying open forever. Operates on
 * the stage's keyed map state of each stream's last window end; the drift and the performance alert
 * stages share it.
 */
public final class SilentStreams {
    private SilentStreams() {}

    /**
     * Records a window of {@code stream}.
     *
     * @return false when the window is not newer than the last one recorded for the stream (out of order)
     */
    public static boolean record(MapState<String, Long> lastWindowEnd, String stream, long windowEnd) throws Exception {
        Long last = lastWindowEnd.get(stream);
        if (last != null && windowEnd <= last) {
            return false;
        }
        lastWindowEnd.put(stream, windowEnd);
        return true;
    }

    /**
     * Removes, and returns with the end of its last window, every stream other than {@code current} that
     * has produced no window for {@code resolveAfter} windows up to the window {@code [windowStart,
     * windowEnd)} of {@code current}, plus one window of grace (windows of different streams ending at the
     * same time may reach the stage in either order).
     */
    public static Map<String, Long> takeSilent(MapState<String, Long> lastWindowEnd, String current, long windowStart,
                                               long windowEnd, int resolveAfter) throws Exception {
        long size = windowEnd - windowStart;
        Map<String, Long> silent = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : lastWindowEnd.entries()) {
            long missed = (windowEnd - entry.getValue()) / size - 1;
            if (!entry.getKey().equals(current) && missed >= resolveAfter) {
                silent.put(entry.getKey(), entry.getValue());
            }
        }
        for (String stream : List.copyOf(silent.keySet())) {
            lastWindowEnd.remove(stream);
        }
        return silent;
    }
}
