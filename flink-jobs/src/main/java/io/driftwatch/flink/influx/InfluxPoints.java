package io.driftwatch.flink.influx;

import io.driftwatch.flink.decode.Segments;
import io.driftwatch.flink.evaluate.FeatureResult;
import io.driftwatch.flink.evaluate.WindowEvaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The InfluxDB points of a window evaluation, stamped with the window's end (ARCHITECTURE.md):
 * <ul>
 *   <li>{@code drift} (input features) and {@code prediction} (score, class): psi, ks_d, ks_p,
 *       ks_d_error, js, hellinger, wasserstein, chi2, chi2_p, linf, count;</li>
 *   <li>{@code data_quality}: missing_frac, nan_count, out_of_range_frac, unseen_frac;</li>
 *   <li>{@code engine}: events, late, events_per_s, revision.</li>
 * </ul>
 * Tags: model, version, feature, type (numeric|categorical), plus segment when segments are on.
 */
public final class InfluxPoints {
    private InfluxPoints() {}

    public static List<InfluxPoint> of(WindowEvaluation window) {
        List<InfluxPoint> points = new ArrayList<>();
        long time = window.windowEnd();
        for (FeatureResult result : window.features()) {
            Map<String, String> tags = tags(window);
            tags.put("feature", result.feature());
            tags.put("type", result.type().name().toLowerCase(Locale.ROOT));
            String measurement = result.role() == FeatureResult.Role.PREDICTION ? "prediction" : "drift";
            points.add(new InfluxPoint(measurement, tags, driftFields(result), Map.of("count", result.count()), time));
            if (result.role() == FeatureResult.Role.INPUT) {
                points.add(new InfluxPoint("data_quality", tags, qualityFields(result),
                        Map.of("nan_count", result.nonFinite()), time));
            }
        }
        double seconds = (window.windowEnd() - window.windowStart()) / 1000.0;
        points.add(new InfluxPoint("engine", tags(window), Map.of("events_per_s", window.events() / seconds),
                Map.of("events", window.events(), "late", window.lateEvents(), "revision", (long) window.revision()),
                time));
        return points;
    }

    private static Map<String, String> tags(WindowEvaluation window) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("model", window.key().modelId());
        tags.put("version", window.key().modelVersion());
        if (!Segments.ALL.equals(window.key().segment())) {
            tags.put("segment", window.key().segment());
        }
        return tags;
    }

    private static Map<String, Double> driftFields(FeatureResult r) {
        Map<String, Double> fields = new LinkedHashMap<>();
        fields.put("psi", r.psi());
        fields.put("ks_d", r.ksD());
        fields.put("ks_p", r.ksP());
        fields.put("ks_d_error", r.ksDErrorBound());
        fields.put("js", r.js());
        fields.put("hellinger", r.hellinger());
        fields.put("wasserstein", r.wasserstein());
        fields.put("chi2", r.chi2());
        fields.put("chi2_p", r.chi2P());
        fields.put("linf", r.linf());
        return fields;
    }

    private static Map<String, Double> qualityFields(FeatureResult r) {
        Map<String, Double> fields = new LinkedHashMap<>();
        fields.put("missing_frac", r.missingFraction());
        fields.put("out_of_range_frac", r.outOfRangeFraction());
        fields.put("unseen_frac", r.unseenFraction());
        return fields;
    }
}
