package io.driftwatch.flink.evaluate;

import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.influx.InfluxPoint;
import io.driftwatch.flink.window.BaselineRegistry;
import io.driftwatch.flink.window.BaselineVersions;
import io.driftwatch.flink.window.PartialProfile;
import io.driftwatch.flink.window.WindowKey;
import io.driftwatch.flink.window.WindowProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2 of the windows: merges the partial profiles of a window per (model, version, segment) and,
 * when the watermark passes the window's end, evaluates every feature and the prediction against the
 * window's baseline with {@link DriftEvaluator}. The watermark reaching this operator guarantees every
 * pre-aggregation subtask has emitted its partial (timers fire before a watermark is forwarded).
 * A window is evaluated {@link #SETTLE_MS} of processing time after the watermark passes its end,
 * and a late partial re-evaluates it (a new revision) the same settle time after it arrives. The
 * settle time exists because of how Flink treats idle inputs: when the sources resume after being
 * idle (a quiet period, or back-pressure while InfluxDB was down), the pre-aggregation subtasks turn
 * active again one at a time, and this operator may move its watermark on with the first one before
 * the others' partials of the same window have arrived. Those partials are milliseconds behind;
 * waiting a second lets them join the first evaluation (the one alerts use) instead of a revision,
 * and re-evaluating on processing time means a late partial is evaluated even if no later watermark
 * ever comes.
 *
 * <p>For the same reason a window's merged state is kept {@link #CLEANUP_GRACE_MS} of processing time
 * beyond its allowed lateness: when the watermark jumps far ahead on resume, partials of windows
 * already past their lateness still arrive (pre-aggregation accepted their events at its own, earlier
 * watermark) and must still find their window. A partial later even than that cannot be merged any
 * more; its events are counted in the {@code engine} measurement ({@code events_after_cleanup}) and
 * logged, never dropped without a trace. State therefore lingers one minute of wall time after the
 * lateness: bounded, and only noticeable when replaying history far faster than real time.
 */
public final class WindowEvaluator extends KeyedBroadcastProcessFunction<WindowKey, PartialProfile, Baseline, WindowEvaluation> {
    /**
     * {@code engine} points counting events that reached this stage but could not be part of their
     * window's statistics ({@code events_after_cleanup}, {@code events_superseded_baseline},
     * {@code events_evaluation_failed}).
     */
    public static final OutputTag<InfluxPoint> UNEVALUATED_EVENTS =
            new OutputTag<>("unevaluated-events", TypeInformation.of(InfluxPoint.class));
    private static final Logger LOG = LoggerFactory.getLogger(WindowEvaluator.class);
    /** Processing time between a window becoming due and its evaluation; see the class comment. */
    static final long SETTLE_MS = 1_000;
    /** Processing time a window's state outlives its allowed lateness; see the class comment. */
    static final long CLEANUP_GRACE_MS = 60_000;

    private final long windowSize;
    private final long allowedLateness;
    private final int maxVersions;

    private transient MapState<Long, WindowProfile> merged;
    private transient MapState<Long, Integer> revisions;
    /** Windows awaiting (re-)evaluation → the processing time at which it is due. */
    private transient MapState<Long, Long> evaluateAt;
    private transient MapState<Long, Long> dropAt;
    private transient Counter windowsEvaluated;
    private transient Counter discardedEvents;
    private transient Counter eventsAfterCleanup;
    private transient Counter evaluationFailures;

    public WindowEvaluator(JobConfig config) {
        this.windowSize = config.windows().size().toMillis();
        this.allowedLateness = config.windows().allowedLateness().toMillis();
        this.maxVersions = config.models().maxVersions();
    }

    @Override
    public void open(OpenContext openContext) {
        merged = getRuntimeContext().getMapState(new MapStateDescriptor<>("merged-windows", Types.LONG,
                TypeInformation.of(WindowProfile.class)));
        revisions = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-revisions", Types.LONG, Types.INT));
        evaluateAt = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-evaluate-at", Types.LONG,
                Types.LONG));
        dropAt = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-drop-at", Types.LONG, Types.LONG));
        windowsEvaluated = getRuntimeContext().getMetricGroup().counter("windowsEvaluated");
        discardedEvents = getRuntimeContext().getMetricGroup().counter("eventsOfSupersededBaseline");
        eventsAfterCleanup = getRuntimeContext().getMetricGroup().counter("eventsAfterWindowCleanup");
        evaluationFailures = getRuntimeContext().getMetricGroup().counter("windowEvaluationFailures");
    }

    @Override
    public void processElement(PartialProfile partial, ReadOnlyContext ctx, Collector<WindowEvaluation> out)
            throws Exception {
        long start = partial.windowStart();
        long watermark = ctx.timerService().currentWatermark();
        WindowProfile profile = merged.get(start);
        if (profile == null && partial.windowEnd() - 1 + allowedLateness <= watermark) {
            // The window was evaluated and dropped already; evaluating this partial alone would
            // overwrite the window's points with a fraction of its events.
            eventsAfterCleanup.inc(partial.profile().events());
            LOG.error("window {} of {}: {} events arrived after the window's state was dropped (allowed lateness "
                    + "and {} ms of processing time after it had passed); counted in engine.events_after_cleanup",
                    start, ctx.getCurrentKey(), partial.profile().events(), CLEANUP_GRACE_MS);
            reportUnevaluated(ctx, partial.windowEnd(), "events_after_cleanup", partial.profile().events());
            return;
        }
        if (profile == null) {
            profile = partial.profile();
        } else if (profile.baselineCreatedAt() == partial.profile().baselineCreatedAt()) {
            profile.merge(partial.profile());
        } else {
            // A replacement baseline reached one pre-aggregation subtask after it had opened this
            // window: the profiles cannot be merged (different bins). Keep the newer baseline's.
            WindowProfile older = profile.baselineCreatedAt() < partial.profile().baselineCreatedAt()
                    ? profile : partial.profile();
            discardedEvents.inc(older.events());
            LOG.warn("window {} of {}: dropping {} events profiled with the superseded baseline", start,
                    ctx.getCurrentKey(), older.events());
            reportUnevaluated(ctx, partial.windowEnd(), "events_superseded_baseline", older.events());
            profile = older == profile ? partial.profile() : profile;
        }
        merged.put(start, profile);
        long maxTimestamp = partial.windowEnd() - 1;
        if (maxTimestamp <= watermark) {
            scheduleEvaluation(ctx.timerService(), start);
        } else {
            ctx.timerService().registerEventTimeTimer(maxTimestamp);
        }
        ctx.timerService().registerEventTimeTimer(maxTimestamp + allowedLateness);
    }

    /**
     * Marks a window for (re-)evaluation {@link #SETTLE_MS} of processing time from now, unless it is
     * marked already (then the earlier due time stands: a stream of late partials cannot postpone it).
     */
    private void scheduleEvaluation(TimerService timers, long start) throws Exception {
        if (!evaluateAt.contains(start)) {
            long at = timers.currentProcessingTime() + SETTLE_MS;
            evaluateAt.put(start, at);
            timers.registerProcessingTimeTimer(at);
        }
    }

    private static void reportUnevaluated(ReadOnlyContext ctx, long windowEnd, String field, long events) {
        WindowKey key = ctx.getCurrentKey();
        ctx.output(UNEVALUATED_EVENTS, new InfluxPoint("engine", Map.of("model", key.modelId(), "version",
                key.modelVersion()), Map.of(), Map.of(field, events), windowEnd));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowEvaluation> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            // Only windows whose settle time has passed: another window's timer (or the clean-up
            // timer) firing within a window's settle second must not cut that second short. In window
            // order: the alert stage only uses a window after the ones before it.
            for (Long start : sorted(evaluateAt.keys())) {
                if (evaluateAt.get(start) <= timestamp) {
                    evaluateNow(ctx, start, out);
                }
            }
            for (Long start : sorted(dropAt.keys())) {
                if (dropAt.get(start) <= timestamp) {
                    merged.remove(start);
                    revisions.remove(start);
                    dropAt.remove(start);
                }
            }
            return;
        }
        for (Map.Entry<Long, WindowProfile> entry : merged.entries()) {
            long start = entry.getKey();
            long maxTimestamp = start + windowSize - 1;
            if (maxTimestamp > timestamp) {
                continue;
            }
            if (!revisions.contains(start)) {
                scheduleEvaluation(ctx.timerService(), start);
            }
            if (maxTimestamp + allowedLateness <= timestamp && !dropAt.contains(start)) {
                long at = ctx.timerService().currentProcessingTime() + CLEANUP_GRACE_MS;
                dropAt.put(start, at);
                ctx.timerService().registerProcessingTimeTimer(at);
            }
        }
    }

    /** Evaluates a window now as its next revision (0 the first time) and clears its mark. */
    private void evaluateNow(OnTimerContext ctx, long start, Collector<WindowEvaluation> out) throws Exception {
        WindowKey key = ctx.getCurrentKey();
        BaselineVersions baselines = ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR).get(key.baselineKey());
        Integer revision = revisions.get(start);
        int next = revision == null ? 0 : revision + 1;
        WindowProfile profile = merged.get(start);
        try {
            evaluate(key, start, next, profile, baselines).ifPresent(out::collect);
        } catch (RuntimeException e) {
            // A statistic that throws on this window's data is a bug, but failing the job would replay
            // the same window after every restore: the whole job would stop, not one window's metrics.
            evaluationFailures.inc();
            LOG.error("window {} of {}: evaluation failed, window not evaluated ({} events counted in "
                    + "engine.events_evaluation_failed)", start, key, profile.events(), e);
            reportUnevaluated(ctx, start + windowSize, "events_evaluation_failed", profile.events());
        }
        revisions.put(start, next);
        evaluateAt.remove(start);
    }

    private static List<Long> sorted(Iterable<Long> starts) {
        List<Long> list = new ArrayList<>();
        starts.forEach(list::add);
        list.sort(null);
        return list;
    }

    private Optional<WindowEvaluation> evaluate(WindowKey key, long start, int revision, WindowProfile profile,
                                                BaselineVersions baselines) {
        Optional<Baseline> baseline = baselines == null ? Optional.empty()
                : baselines.byCreatedAt(profile.baselineCreatedAt());
        if (baseline.isEmpty()) {
            LOG.error("window {} of {}: its baseline (created {}) is no longer known; window not evaluated",
                    start, key, profile.baselineCreatedAt());
            return Optional.empty();
        }
        windowsEvaluated.inc();
        return Optional.of(new WindowEvaluation(key, start, start + windowSize, revision, profile.events(),
                profile.lateEvents(), evaluate(baseline.get(), profile)));
    }

    /** Every feature and the prediction of one window profile against its baseline. */
    static List<FeatureResult> evaluate(Baseline baseline, WindowProfile profile) {
        TestSelection.Thresholds tests = TestSelection.Thresholds.DEFAULTS;
        CalibratedThresholds thresholds = CalibratedThresholds.of(baseline);
        List<FeatureResult> results = new ArrayList<>();
        for (NumericFeatureBaseline feature : baseline.getNumericFeatures()) {
            NumericProfile current = profile.numeric().get(feature.getName());
            results.add(FeatureResult.numeric(DriftEvaluator.numeric(feature, current, tests),
                    FeatureResult.Role.INPUT, feature.getName(), current.nonFinite(), thresholds));
        }
        for (CategoricalFeatureBaseline feature : baseline.getCategoricalFeatures()) {
            CategoricalProfile current = profile.categorical().get(feature.getName());
            results.add(FeatureResult.categorical(DriftEvaluator.categorical(feature, current, tests),
                    FeatureResult.Role.INPUT, feature.getName(), thresholds));
        }
        profile.score().ifPresent(score -> results.add(FeatureResult.numeric(
                DriftEvaluator.numeric(baseline.getPredictionScore(), score, tests), FeatureResult.Role.PREDICTION,
                "score", score.nonFinite(), thresholds)));
        profile.predictedClass().ifPresent(predicted -> results.add(FeatureResult.categorical(
                DriftEvaluator.categorical(baseline.getPredictedClass(), predicted, tests),
                FeatureResult.Role.PREDICTION, "class", thresholds)));
        return results;
    }

    @Override
    public void processBroadcastElement(Baseline baseline, Context ctx, Collector<WindowEvaluation> out)
            throws Exception {
        long publishedAt = ctx.timestamp() == null ? ctx.currentProcessingTime() : ctx.timestamp();
        // Same registration as the pre-aggregation stage, so both agree on every window's baseline;
        // refusals are reported there.
        BaselineRegistry.register(ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR), baseline, publishedAt,
                windowSize, maxVersions);
    }
}
