package io.driftwatch.flink.performance;

import io.driftwatch.core.alert.AlertFingerprint;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.alert.Threshold;
import io.driftwatch.core.alert.Transition;
import io.driftwatch.core.performance.PerformanceMetrics;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;
import io.driftwatch.flink.config.JobConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Performance-drop and latency alerts through {@code drift-core}'s {@link AlertStateMachine}, keyed by
 * model, published as model-level {@link DriftAlert}s (feature null) on the same topic as drift alerts,
 * with the same hysteresis ({@code alerts.firing-after}, {@code alerts.resolve-after}).
 *
 * <ul>
 *   <li>Each {@code performance.alert-metrics} metric of a <em>settled</em> window (its alert delay has
 *       passed) against the baseline's {@code evaluation_metrics} value b: warning at or below
 *       b·(1 − warning-drop), critical at or below b·(1 − critical-drop). A window with fewer than
 *       {@code min-labelled} labels is no evidence either way (it counts as clean). No baseline value: no
 *       series. Metric names as in the measurement ({@code accuracy}, ...).</li>
 *   <li>{@code latency_p99}: the window's p99 latency against {@code performance.latency-p99}, when the
 *       window closes.</li>
 * </ul>
 * Settled and closing reports come in window order per version (the aggregator's timers fire in
 * event-time order), which the state machine needs. State: one {@link AlertState} per series that is
 * not OK.
 */
public final class PerformanceAlerts extends KeyedProcessFunction<String, PerformanceReport, DriftAlert> {
    static final String LATENCY_METRIC = "latency_p99";

    private final JobConfig.Performance config;
    private final JobConfig.Alerts alerts;

    private transient AlertRule rule;
    private transient MapState<String, AlertState> states;

    public PerformanceAlerts(JobConfig config) {
        this.config = config.performance();
        this.alerts = config.alerts();
    }

    @Override
    public void open(OpenContext openContext) {
        rule = new AlertRule(alerts.firingAfter(), alerts.resolveAfter());
        states = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-alert-states", Types.STRING,
                TypeInformation.of(AlertState.class)));
    }

    @Override
    public void processElement(PerformanceReport report, Context ctx, Collector<DriftAlert> out) throws Exception {
        if (report.settled()) {
            for (String metric : config.alertMetrics()) {
                Double reference = report.baselineMetrics().get(metric);
                if (reference == null || !Double.isFinite(reference)) {
                    continue;
                }
                Threshold limits = Threshold.below(reference * (1 - config.warningDrop()),
                        reference * (1 - config.criticalDrop()));
                double value = report.realized().labelled() < config.minLabelled() ? Double.NaN
                        : valueOf(report.realized(), metric);
                step(report, metric, limits, value, "baseline " + String.format(Locale.ROOT, "%.4g", reference), out);
            }
        }
        if (report.closing() && config.latencyP99() != null && report.latencyCount() > 0) {
            Threshold limits = Threshold.above(config.latencyP99().warning(), config.latencyP99().critical());
            step(report, LATENCY_METRIC, limits, report.latencyP99(), "ms", out);
        }
    }

    private static double valueOf(PerformanceMetrics metrics, String metric) {
        switch (metric) {
            case "accuracy":
                return metrics.accuracy();
            case "precision":
                return metrics.precision();
            case "recall":
                return metrics.recall();
            case "f1":
                return metrics.f1();
            case "auc":
                return metrics.auc();
            default:
                throw new IllegalStateException("not an alertable metric: " + metric);
        }
    }

    private void step(PerformanceReport report, String metric, Threshold limits, double value, String unit,
                      Collector<DriftAlert> out) throws Exception {
        String fingerprint = AlertFingerprint.of(report.modelId(), report.modelVersion(), null, metric);
        Level level = limits.level(value);
        AlertStateMachine.Observation observation = new AlertStateMachine.Observation(level, value,
                limits.limitFor(level), report.windowStart(), report.windowEnd());
        AlertState state = states.get(fingerprint);
        AlertStateMachine.Step step = AlertStateMachine.step(rule, state == null ? AlertState.INITIAL : state,
                observation);
        if (step.state().equals(AlertState.INITIAL)) {
            states.remove(fingerprint);
        } else {
            states.put(fingerprint, step.state());
        }
        step.transition().ifPresent(t -> out.collect(alert(report, metric, fingerprint, t, unit)));
    }

    private DriftAlert alert(PerformanceReport report, String metric, String fingerprint, Transition transition,
                             String unit) {
        Severity severity = transition.level() == Level.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, String> labels = new LinkedHashMap<>(alerts.labels());
        labels.put("model", report.modelId());
        labels.put("version", report.modelVersion());
        labels.put("metric", metric);
        labels.put("severity", severity.name().toLowerCase(Locale.ROOT));
        String subject = metric + " of model " + report.modelId() + " " + report.modelVersion();
        String summary = transition.status() == Transition.Status.RESOLVED
                ? String.format(Locale.ROOT, "%s back to normal: %.4g in window ending %s", subject, transition.value(),
                        Instant.ofEpochMilli(transition.windowEnd()))
                : String.format(Locale.ROOT, "%s is %.4g (%s limit %.4g, %s) in window ending %s", subject,
                        transition.value(), transition.level().name().toLowerCase(Locale.ROOT), transition.threshold(),
                        unit, Instant.ofEpochMilli(transition.windowEnd()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        putLink(annotations, "dashboard_url", alerts.dashboardUrl(), report, metric);
        putLink(annotations, "runbook_url", alerts.runbookUrl(), report, metric);
        return DriftAlert.newBuilder()
                .setFingerprint(fingerprint)
                .setStatus(transition.status() == Transition.Status.FIRING ? AlertStatus.FIRING : AlertStatus.RESOLVED)
                .setSeverity(severity)
                .setModelId(report.modelId())
                .setModelVersion(report.modelVersion())
                .setFeature(null)
                .setMetric(metric)
                .setValue(transition.value())
                .setThreshold(transition.threshold())
                .setWindowStart(Instant.ofEpochMilli(transition.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(transition.windowEnd()))
                .setStartedAt(Instant.ofEpochMilli(transition.startedAt()))
                .setLabels(labels)
                .setAnnotations(annotations)
                .build();
    }

    private static void putLink(Map<String, String> annotations, String name, String template,
                                PerformanceReport report, String metric) {
        if (!template.isEmpty()) {
            annotations.put(name, template.replace("{model}", report.modelId())
                    .replace("{version}", report.modelVersion()).replace("{feature}", "")
                    .replace("{metric}", metric));
        }
    }
}
