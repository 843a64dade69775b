package io.driftwatch.demo.observe;

import io.driftwatch.flink.config.JobConfig;
import java.util.Comparator;
import java.util.List;

/** One evaluated window of one model version: its events and every feature's metrics. */
public record WindowResult(String model, String version, long windowEnd, long events, List<FeatureMetrics> features) {
    public WindowResult {
        features = List.copyOf(features);
    }

    /** Features breaching a warning limit in this window, the largest PSI first. */
    public List<FeatureMetrics> drifting(JobConfig.Alerts alerts) {
        return features.stream()
                .filter(f -> f.breaches(alerts.thresholdsFor(model, f.seriesName())))
                .sorted(Comparator.comparingDouble(FeatureMetrics::psi).reversed())
                .toList();
    }

    /** Features by PSI, largest first (NaN last). */
    public List<FeatureMetrics> byPsi() {
        return features.stream()
                .sorted(Comparator.comparingDouble((FeatureMetrics f) -> Double.isNaN(f.psi()) ? -1 : f.psi()).reversed())
                .toList();
    }
}
