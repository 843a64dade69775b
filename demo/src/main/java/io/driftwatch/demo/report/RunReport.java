package io.driftwatch.demo.report;

import io.driftwatch.demo.observe.FeatureMetrics;
import io.driftwatch.demo.observe.RealizedPerformance;
import io.driftwatch.demo.observe.WindowResult;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The HTML report of a run of the embedded stack: PSI and KS over time for every feature, data
 * quality, realized against estimated performance, and alert, drift-start and deployment markers,
 * followed by the alert, retrain and deployment logs.
 */
public final class RunReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** A model version in production from {@code from} (event time), with its estimated (evaluation) AUC. */
    public record VersionSpan(String version, long from, double estimatedAuc) {}

    /**
     * What the report shows.
     *
     * @param facts key figures, label and value
     * @param driftStart when the simulated world began to drift, if it did
     */
    public record Run(String title, String subtitle, List<String[]> facts, List<WindowResult> windows,
                      List<DriftAlert> alerts, List<RetrainRequest> retrainRequests, List<VersionSpan> versions,
                      List<RealizedPerformance.Point> realized, Optional<Long> driftStart, JobConfig.Alerts rules) {}

    private RunReport() {}

    public static HtmlReport of(Run run) {
        List<LineChart.Marker> markers = markers(run);
        JobConfig.Thresholds limits = run.rules().defaults();
        HtmlReport report = new HtmlReport(run.title(), run.subtitle()).facts(run.facts());
        report.chart("PSI by feature", "Population Stability Index of each window against the baseline of the version that"
                        + " scored it (dashed red: warning and critical limits; grey: drift begins; green: a new version"
                        + " deployed; pale red/green: alerts firing/resolved). Click a legend entry to hide it.",
                new LineChart("PSI", lines(run.windows(), FeatureMetrics::psi, false),
                        List.of(new LineChart.Limit("warning " + limits.psi().warning(), limits.psi().warning()),
                                new LineChart.Limit("critical " + limits.psi().critical(), limits.psi().critical())),
                        markers));
        report.chart("KS D by numeric feature", "Two-sample Kolmogorov-Smirnov statistic (largest CDF distance); an alert"
                        + " also needs p < " + limits.ks().pValue() + ".",
                new LineChart("KS D", lines(run.windows(), FeatureMetrics::ksD, true),
                        List.of(new LineChart.Limit("warning D " + limits.ks().warningD(), limits.ks().warningD()),
                                new LineChart.Limit("critical D " + limits.ks().criticalD(), limits.ks().criticalD())),
                        markers));
        List<String> features = featureNames(run.windows());
        List<LineChart> perFeature = new ArrayList<>();
        for (String feature : features) {
            perFeature.add(new LineChart("value", List.of(
                    new LineChart.Line("psi", series(run.windows(), feature, FeatureMetrics::psi), false),
                    new LineChart.Line("ks_d", series(run.windows(), feature, FeatureMetrics::ksD), true)),
                    List.of(new LineChart.Limit("", limits.psi().warning())), markers.stream()
                    .filter(m -> m.kind() == LineChart.MarkerKind.DEPLOYMENT || m.kind() == LineChart.MarkerKind.DRIFT_START)
                    .toList()));
        }
        report.smallMultiples("PSI and KS D per feature", "Each feature on its own scale; the red line is the PSI warning limit.",
                features, perFeature);
        report.chart("Data quality", "Share of values outside the baseline's [min, max] (numeric features) or in categories"
                        + " the baseline never saw (categorical), and missing values.",
                new LineChart("share of values", qualityLines(run.windows()), List.of(), markers));
        report.chart("Performance: realized vs estimated", "Realized AUC per window from the labels as they arrived"
                        + " (solid), against each version's AUC on its evaluation rows at training time (dashed).",
                new LineChart("AUC", performanceLines(run), List.of(), markers));
        report.table("Alerts", List.of("window end", "status", "severity", "version", "feature", "metric", "value", "limit"),
                run.alerts().stream().map(a -> List.of(TIME.format(a.getWindowEnd()), a.getStatus().name(),
                        a.getSeverity().name(), a.getModelVersion(), a.getFeature() == null ? "(model)" : a.getFeature(),
                        a.getMetric(), Svg.value(a.getValue()), Svg.value(a.getThreshold()))).toList());
        report.table("Retrain requests", List.of("evidence window end", "version", "reason", "train on"),
                run.retrainRequests().stream().map(r -> List.of(TIME.format(r.getEvidenceWindowEnd()), r.getModelVersion(),
                        r.getReason(), TIME.format(r.getDataFrom()) + " to " + TIME.format(r.getDataTo()))).toList());
        report.table("Versions in production", List.of("version", "from (event time)", "estimated AUC"),
                run.versions().stream().map(v -> List.of(v.version(), TIME.format(Instant.ofEpochMilli(v.from())),
                        Svg.value(v.estimatedAuc()))).toList());
        return report.footer("Generated by driftwatch. Times are event time, UTC. Self-contained: no network needed.");
    }

    private static List<LineChart.Marker> markers(Run run) {
        List<LineChart.Marker> markers = new ArrayList<>();
        run.driftStart().ifPresent(t -> markers.add(new LineChart.Marker(t, LineChart.MarkerKind.DRIFT_START, "drift begins")));
        for (int i = 1; i < run.versions().size(); i++) {
            VersionSpan version = run.versions().get(i);
            markers.add(new LineChart.Marker(version.from(), LineChart.MarkerKind.DEPLOYMENT, version.version() + " deployed"));
        }
        Set<String> marked = new LinkedHashSet<>();
        for (DriftAlert alert : run.alerts()) {
            LineChart.MarkerKind kind = alert.getStatus() == AlertStatus.FIRING ? LineChart.MarkerKind.ALERT_FIRING
                    : LineChart.MarkerKind.ALERT_RESOLVED;
            if (marked.add(kind + "@" + alert.getWindowEnd())) {
                markers.add(new LineChart.Marker(alert.getWindowEnd().toEpochMilli(), kind, "alerts " + kind.name()
                        .toLowerCase(Locale.ROOT).replace("alert_", "")));
            }
        }
        return markers;
    }

    /** Every feature, the model's outputs last, in first-seen order. */
    private static List<String> featureNames(List<WindowResult> windows) {
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> outputs = new LinkedHashSet<>();
        for (WindowResult window : windows) {
            for (FeatureMetrics feature : window.features()) {
                (feature.prediction() ? outputs : inputs).add(feature.seriesName());
            }
        }
        List<String> names = new ArrayList<>(inputs);
        names.addAll(outputs);
        return names;
    }

    private static List<LineChart.Line> lines(List<WindowResult> windows, ToDoubleFunction<FeatureMetrics> metric,
                                              boolean numericOnly) {
        Map<String, List<double[]>> byFeature = new LinkedHashMap<>();
        for (String name : featureNames(windows)) {
            byFeature.put(name, series(windows, name, metric));
        }
        List<LineChart.Line> lines = new ArrayList<>();
        byFeature.forEach((name, points) -> {
            if (!numericOnly || points.stream().anyMatch(p -> Double.isFinite(p[1]))) {
                lines.add(new LineChart.Line(name, points, false));
            }
        });
        return lines;
    }

    private static List<double[]> series(List<WindowResult> windows, String feature, ToDoubleFunction<FeatureMetrics> metric) {
        List<double[]> points = new ArrayList<>();
        for (WindowResult window : windows) {
            window.features().stream().filter(f -> f.seriesName().equals(feature)).findFirst()
                    .ifPresent(f -> points.add(new double[] {window.windowEnd(), metric.applyAsDouble(f)}));
        }
        return points;
    }

    private static List<LineChart.Line> qualityLines(List<WindowResult> windows) {
        List<LineChart.Line> lines = new ArrayList<>();
        for (String feature : featureNames(windows)) {
            List<double[]> outside = series(windows, feature, f -> f.type().equals("categorical")
                    ? f.unseenFraction() : f.outOfRangeFraction());
            if (outside.stream().anyMatch(p -> Double.isFinite(p[1]))) {
                lines.add(new LineChart.Line(feature, outside, false));
            }
        }
        List<double[]> missing = new ArrayList<>();
        for (WindowResult window : windows) {
            missing.add(new double[] {window.windowEnd(), window.features().stream().filter(f -> !f.prediction())
                    .mapToDouble(FeatureMetrics::missingFraction).filter(Double::isFinite).max().orElse(Double.NaN)});
        }
        lines.add(new LineChart.Line("missing (largest share of any feature)", missing, true));
        return lines;
    }

    private static List<LineChart.Line> performanceLines(Run run) {
        List<LineChart.Line> lines = new ArrayList<>();
        long end = run.windows().stream().mapToLong(WindowResult::windowEnd).max().orElse(0);
        for (int i = 0; i < run.versions().size(); i++) {
            VersionSpan version = run.versions().get(i);
            List<double[]> realized = run.realized().stream().filter(p -> p.version().equals(version.version()))
                    .map(p -> new double[] {p.windowEnd(), p.auc()}).toList();
            lines.add(new LineChart.Line("realized AUC " + version.version(), realized, false));
            long until = i + 1 < run.versions().size() ? run.versions().get(i + 1).from() : end;
            long from = Math.max(version.from(), run.windows().stream().mapToLong(WindowResult::windowEnd).min().orElse(version.from()));
            lines.add(new LineChart.Line("estimated AUC " + version.version(), List.of(
                    new double[] {from, version.estimatedAuc()}, new double[] {until, version.estimatedAuc()}), true));
        }
        return lines;
    }
}
