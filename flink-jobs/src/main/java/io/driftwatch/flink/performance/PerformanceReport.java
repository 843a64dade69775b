package io.driftwatch.flink.performance;

import io.driftwatch.core.performance.PerformanceMetrics;
import java.util.Map;

/**
 * Performance of one model version in one window of prediction time, emitted when the window closes
 * and again whenever late labels (or late predictions) change it; the InfluxDB points of a later
 * report overwrite the earlier ones.
 *
 * @param closing the first report, when the watermark passes the window's end (latency alerts use it)
 * @param settled the report when the window's alert delay has passed (performance alerts use it)
 * @param realized from the labels joined so far ({@link PerformanceMetrics#NONE} before any)
 * @param unlabelled predictions of the window whose label did not come within the horizon
 * @param unevaluable labelled predictions that could not be scored (e.g. a regression label for a
 *     prediction without a score)
 * @param estimated CBPE; {@code labelled()} is the number of predictions it used, 0 when none
 * @param estimatedAccuracyStdError CBPE's sampling standard error of accuracy
 * @param latencyCount predictions with a latency; 0 when the prediction side is no longer kept
 * @param latencyP50 and the other latency fields: ms, NaN without latencies
 * @param baselineMetrics the baseline's {@code evaluation_metrics} (the reference of performance alerts)
 */
public record PerformanceReport(String modelId, String modelVersion, long windowStart, long windowEnd,
                                boolean closing, boolean settled, PerformanceMetrics realized, long unlabelled,
                                long unevaluable, PerformanceMetrics estimated, double estimatedAccuracyStdError,
                                long latencyCount, double latencyP50, double latencyP95, double latencyP99,
                                double latencyMax, Map<String, Double> baselineMetrics) {
}
