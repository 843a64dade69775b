package io.driftwatch.flink.performance;

import io.driftwatch.core.performance.PerformanceMetrics;
import io.driftwatch.flink.influx.InfluxPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The InfluxDB points of a {@link PerformanceReport}, stamped with the window's end; tags model,
 * version (and type):
 * <ul>
 *   <li>{@code performance}, type {@code realized}: accuracy, precision, recall, f1, log_loss, auc,
 *       auc_error, ece, mae, rmse, mape; integers labelled_count, unlabelled_count, unevaluable_count;</li>
 *   <li>{@code performance}, type {@code estimated} (CBPE): accuracy, precision, recall, f1,
 *       accuracy_stderr; integer labelled_count = predictions the estimate used (none are labelled: it
 *       is the estimate's sample size);</li>
 *   <li>{@code latency}: p50, p95, p99, max (ms); integer count.</li>
 * </ul>
 * Undefined metrics (NaN) are not written; a side with no data is left out, so a later report never
 * overwrites a point with emptiness.
 */
public final class PerformancePoints {
    private PerformancePoints() {}

    public static List<InfluxPoint> of(PerformanceReport report) {
        List<InfluxPoint> points = new ArrayList<>();
        long time = report.windowEnd();
        PerformanceMetrics realized = report.realized();
        Map<String, Double> realizedFields = classificationFields(realized);
        realizedFields.put("log_loss", realized.logLoss());
        realizedFields.put("auc", realized.auc());
        realizedFields.put("auc_error", realized.aucErrorBound());
        realizedFields.put("ece", realized.ece());
        realizedFields.put("mae", realized.mae());
        realizedFields.put("rmse", realized.rmse());
        realizedFields.put("mape", realized.mape());
        points.add(new InfluxPoint("performance", tags(report, "realized"), realizedFields,
                Map.of("labelled_count", realized.labelled(), "unlabelled_count", report.unlabelled(),
                        "unevaluable_count", report.unevaluable()), time));
        if (report.estimated().labelled() > 0) {
            Map<String, Double> estimatedFields = classificationFields(report.estimated());
            estimatedFields.put("accuracy_stderr", report.estimatedAccuracyStdError());
            points.add(new InfluxPoint("performance", tags(report, "estimated"), estimatedFields,
                    Map.of("labelled_count", report.estimated().labelled()), time));
        }
        if (report.latencyCount() > 0) {
            Map<String, Double> latency = new LinkedHashMap<>();
            latency.put("p50", report.latencyP50());
            latency.put("p95", report.latencyP95());
            latency.put("p99", report.latencyP99());
            latency.put("max", report.latencyMax());
            points.add(new InfluxPoint("latency", tags(report, null), latency,
                    Map.of("count", report.latencyCount()), time));
        }
        return points;
    }

    private static Map<String, Double> classificationFields(PerformanceMetrics metrics) {
        Map<String, Double> fields = new LinkedHashMap<>();
        fields.put("accuracy", metrics.accuracy());
        fields.put("precision", metrics.precision());
        fields.put("recall", metrics.recall());
        fields.put("f1", metrics.f1());
        return fields;
    }

    private static Map<String, String> tags(PerformanceReport report, String type) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("model", report.modelId());
        tags.put("version", report.modelVersion());
        if (type != null) {
            tags.put("type", type);
        }
        return tags;
    }
}
