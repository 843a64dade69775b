package io.driftwatch.flink.evaluate;

import io.driftwatch.flink.window.WindowKey;
import java.util.List;

/**
 * The drift of one model version (and segment) in one window.
 *
 * @param revision 0 for the evaluation when the watermark passed the window's end; 1, 2, ... for
 *     re-evaluations after late events (they overwrite the window's InfluxDB points; alerts use only
 *     revision 0, because the alert state machine must see windows in order)
 * @param events events in the window
 * @param lateEvents of those, events that arrived after the window's end (within allowed lateness)
 */
public record WindowEvaluation(WindowKey key, long windowStart, long windowEnd, int revision, long events,
                               long lateEvents, List<FeatureResult> features) {
}
