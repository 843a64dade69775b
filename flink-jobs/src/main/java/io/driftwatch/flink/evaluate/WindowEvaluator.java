package io.driftwatch.flink.evaluate;

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
 * Late partials re-evaluate the window at the next watermark (a new revision).
 *
 * <p>A window's merged state is kept for one window size beyond its allowed lateness. Pre-aggregation
 * accepts an event only while its window is within the lateness at <em>its</em> watermark, but when a
 * source resumes after being idle its subtasks' partials can reach this operator behind the
 * watermark the other inputs moved on: the grace lets those partials still join their window (a
 * new revision re-writes its points). A partial later even than that cannot be merged any more; its
 * events are counted in the {@code engine} measurement ({@code events_after_cleanup}) and logged,
 * never dropped without a trace.
 */
public final class WindowEvaluator extends KeyedBroadcastProcessFunction<WindowKey, PartialProfile, Baseline, WindowEvaluation> {
    /**
     * {@code engine} points counting events that reached this stage but could not be part of their
     * window's statistics ({@code events_after_cleanup}, {@code events_superseded_baseline}).
     */
    public static final OutputTag<InfluxPoint> UNEVALUATED_EVENTS =
            new OutputTag<>("unevaluated-events", TypeInformation.of(InfluxPoint.class));
    private static final Logger LOG = LoggerFactory.getLogger(WindowEvaluator.class);

    private final long windowSize;
    /** How long after a window's last timestamp its merged state is kept: allowed lateness plus one window. */
    private final long retention;
    private final int maxVersions;

    private transient MapState<Long, WindowProfile> merged;
    private transient MapState<Long, Integer> revisions;
    private transient MapState<Long, Boolean> dirty;
    private transient Counter windowsEvaluated;
    private transient Counter discardedEvents;
    private transient Counter eventsAfterCleanup;

    public WindowEvaluator(JobConfig config) {
        this.windowSize = config.windows().size().toMillis();
        this.retention = config.windows().allowedLateness().toMillis() + windowSize;
        this.maxVersions = config.models().maxVersions();
    }

    @Override
    public void open(OpenContext openContext) {
        merged = getRuntimeContext().getMapState(new MapStateDescriptor<>("merged-windows", Types.LONG,
                TypeInformation.of(WindowProfile.class)));
        revisions = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-revisions", Types.LONG, Types.INT));
        dirty = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-dirty", Types.LONG, Types.BOOLEAN));
        windowsEvaluated = getRuntimeContext().getMetricGroup().counter("windowsEvaluated");
        discardedEvents = getRuntimeContext().getMetricGroup().counter("eventsOfSupersededBaseline");
        eventsAfterCleanup = getRuntimeContext().getMetricGroup().counter("eventsAfterWindowCleanup");
    }

    @Override
    public void processElement(PartialProfile partial, ReadOnlyContext ctx, Collector<WindowEvaluation> out)
            throws Exception {
        long start = partial.windowStart();
        long watermark = ctx.timerService().currentWatermark();
        if (partial.windowEnd() - 1 + retention <= watermark) {
            // The window was evaluated and dropped already; evaluating this partial alone would
            // overwrite the window's points with a fraction of its events.
            eventsAfterCleanup.inc(partial.profile().events());
            LOG.error("window {} of {}: {} events arrived more than the allowed lateness plus one window after "
                    + "the window; counted in engine.events_after_cleanup, not evaluated", start,
                    ctx.getCurrentKey(), partial.profile().events());
            reportUnevaluated(ctx, partial.windowEnd(), "events_after_cleanup", partial.profile().events());
            return;
        }
        WindowProfile profile = merged.get(start);
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
            dirty.put(start, true);
            ctx.timerService().registerEventTimeTimer(watermark + 1);
        } else {
            ctx.timerService().registerEventTimeTimer(maxTimestamp);
        }
        ctx.timerService().registerEventTimeTimer(maxTimestamp + retention);
    }

    private static void reportUnevaluated(ReadOnlyContext ctx, long windowEnd, String field, long events) {
        WindowKey key = ctx.getCurrentKey();
        ctx.output(UNEVALUATED_EVENTS, new InfluxPoint("engine", Map.of("model", key.modelId(), "version",
                key.modelVersion()), Map.of(), Map.of(field, events), windowEnd));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowEvaluation> out) throws Exception {
        WindowKey key = ctx.getCurrentKey();
        BaselineVersions baselines = ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR).get(key.baselineKey());
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, WindowProfile> entry : merged.entries()) {
            long start = entry.getKey();
            long maxTimestamp = start + windowSize - 1;
            if (maxTimestamp > timestamp) {
                continue;
            }
            Integer revision = revisions.get(start);
            if (revision == null || Boolean.TRUE.equals(dirty.get(start))) {
                int next = revision == null ? 0 : revision + 1;
                evaluate(key, start, next, entry.getValue(), baselines).ifPresent(out::collect);
                revisions.put(start, next);
                dirty.remove(start);
            }
            if (maxTimestamp + retention <= timestamp) {
                expired.add(start);
            }
        }
        for (Long start : expired) {
            merged.remove(start);
            revisions.remove(start);
            dirty.remove(start);
        }
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
        List<FeatureResult> results = new ArrayList<>();
        for (NumericFeatureBaseline feature : baseline.getNumericFeatures()) {
            NumericProfile current = profile.numeric().get(feature.getName());
            results.add(FeatureResult.numeric(DriftEvaluator.numeric(feature, current, tests),
                    FeatureResult.Role.INPUT, feature.getName(), current.nonFinite()));
        }
        for (CategoricalFeatureBaseline feature : baseline.getCategoricalFeatures()) {
            CategoricalProfile current = profile.categorical().get(feature.getName());
            results.add(FeatureResult.categorical(DriftEvaluator.categorical(feature, current, tests),
                    FeatureResult.Role.INPUT, feature.getName()));
        }
        profile.score().ifPresent(score -> results.add(FeatureResult.numeric(
                DriftEvaluator.numeric(baseline.getPredictionScore(), score, tests), FeatureResult.Role.PREDICTION,
                "score", score.nonFinite())));
        profile.predictedClass().ifPresent(predicted -> results.add(FeatureResult.categorical(
                DriftEvaluator.categorical(baseline.getPredictedClass(), predicted, tests),
                FeatureResult.Role.PREDICTION, "class")));
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
