package io.driftwatch.flink.performance;

import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.alert.Threshold;
import io.driftwatch.core.alert.Transition;
import io.driftwatch.core.performance.PerformanceMetrics;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.flink.alert.AlertMessages;
import io.driftwatch.flink.alert.AlertSeries;
import io.driftwatch.flink.alert.SilentStreams;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.Segments;
import java.util.ArrayList;
import java.util.List;
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
 * not OK, with its series, and the last window end of each version's settled and closing reports.
 *
 * <p>A retired version (its traffic moved to a newer one, or a canary ended) resolves its firing series
 * by the drift stage's rule ({@link SilentStreams}): once the model's other versions have gone on for
 * {@code resolve-after} windows (plus one of grace) without a report of it, with a RESOLVED that says
 * {@code resolved_because: no-traffic}. Performance series count settled reports and the latency
 * series closing reports, each at its own pace.
 */
public final class PerformanceAlerts extends KeyedProcessFunction<String, PerformanceReport, DriftAlert> {
    static final String LATENCY_METRIC = "latency_p99";

    private final JobConfig.Performance config;
    private final JobConfig.Alerts alerts;
    private final AlertMessages messages;

    private transient AlertRule rule;
    private transient MapState<String, AlertState> states;
    /** The series of every non-OK state (by fingerprint), without the model, to resolve a silent version. */
    private transient MapState<String, String> seriesOfStates;
    /** Per version, the end of its last settled report's window (performance series). */
    private transient MapState<String, Long> lastSettled;
    /** Per version, the end of its last closing report's window (the latency series). */
    private transient MapState<String, Long> lastClosing;

    public PerformanceAlerts(JobConfig config) {
        this.config = config.performance();
        this.alerts = config.alerts();
        this.messages = new AlertMessages(alerts);
    }

    @Override
    public void open(OpenContext openContext) {
        rule = new AlertRule(alerts.firingAfter(), alerts.resolveAfter());
        states = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-alert-states", Types.STRING,
                TypeInformation.of(AlertState.class)));
        seriesOfStates = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-alert-series",
                Types.STRING, Types.STRING));
        lastSettled = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-last-settled-end",
                Types.STRING, Types.LONG));
        lastClosing = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-last-closing-end",
                Types.STRING, Types.LONG));
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
            resolveSilentVersions(report, lastSettled, false, out);
        }
        if (report.closing()) {
            if (config.latencyP99() != null && report.latencyCount() > 0) {
                Threshold limits = Threshold.above(config.latencyP99().warning(), config.latencyP99().critical());
                step(report, LATENCY_METRIC, limits, report.latencyP99(), "ms", out);
            }
            resolveSilentVersions(report, lastClosing, true, out);
        }
    }

    /**
     * Records the report's window for its version and resolves the series of every other version of the
     * model that has had no such report for {@code resolve-after} windows (the latency series when
     * {@code latency}, the performance series otherwise).
     */
    private void resolveSilentVersions(PerformanceReport report, MapState<String, Long> lastWindowEnd, boolean latency,
                                       Collector<DriftAlert> out) throws Exception {
        SilentStreams.record(lastWindowEnd, report.modelVersion(), report.windowEnd());
        Map<String, Long> silent = SilentStreams.takeSilent(lastWindowEnd, report.modelVersion(), report.windowStart(),
                report.windowEnd(), alerts.resolveAfter());
        if (silent.isEmpty()) {
            return;
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        seriesOfStates.entries().forEach(entries::add);
        for (Map.Entry<String, String> entry : entries) {
            AlertSeries series = AlertSeries.of(report.modelId(), entry.getValue());
            Long lastEnd = silent.get(series.version());
            if (lastEnd != null && series.metric().equals(LATENCY_METRIC) == latency) {
                AlertState state = states.get(entry.getKey());
                states.remove(entry.getKey());
                seriesOfStates.remove(entry.getKey());
                messages.noTrafficResolved(series, state, lastEnd, report.windowStart(), report.windowEnd())
                        .ifPresent(out::collect);
            }
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
        AlertSeries series = AlertSeries.of(report.modelId(), report.modelVersion(), Segments.ALL, null, metric);
        String fingerprint = series.fingerprint();
        Level level = limits.level(value);
        AlertStateMachine.Observation observation = new AlertStateMachine.Observation(level, value,
                limits.limitFor(level), report.windowStart(), report.windowEnd());
        AlertState state = states.get(fingerprint);
        AlertStateMachine.Step step = AlertStateMachine.step(rule, state == null ? AlertState.INITIAL : state,
                observation);
        if (step.state().equals(AlertState.INITIAL)) {
            states.remove(fingerprint);
            seriesOfStates.remove(fingerprint);
        } else {
            states.put(fingerprint, step.state());
            seriesOfStates.put(fingerprint, series.withoutModel());
        }
        step.transition().ifPresent(t -> out.collect(alert(series, t, unit)));
    }

    private DriftAlert alert(AlertSeries series, Transition transition, String unit) {
        DriftAlert alert = messages.alert(series, transition, null);
        if (transition.status() == Transition.Status.FIRING) {
            // Performance limits are relative to the baseline's evaluation metrics: say which.
            alert.getAnnotations().put("summary", alert.getAnnotations().get("summary") + " (" + unit + ")");
        }
        return alert;
    }
}
