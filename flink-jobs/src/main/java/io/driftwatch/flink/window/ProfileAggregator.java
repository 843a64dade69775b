package io.driftwatch.flink.window;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.DeadLetters;
import io.driftwatch.flink.decode.Observation;
import io.driftwatch.flink.decode.RouteDecoded;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stage 1 of the windows: pre-aggregates events per (model, version, segment, salt) into one
 * {@link WindowProfile} per tumbling event-time window, and emits it as a {@link PartialProfile} when
 * the watermark passes the window's end. The salt spreads a busy model over every subtask.
 *
 * <ul>
 *   <li><b>No baseline yet:</b> the event is held in keyed state (at most {@code models.max-held-events}
 *       per key) and released into its window with the key's next event after the baseline arrived, or
 *       at the latest at the check every second; dead-lettered {@code no-baseline} after
 *       {@code models.hold-time}. Meanwhile {@link ProfileAggregatorOperator} keeps the watermark
 *       back (at most {@link #WATERMARK_HOLD_MS}), so held events are not too late when released. With
 *       {@code models.unknown-version: reject} it is dead-lettered {@code unknown-model} at once, as
 *       is any event of a model not in {@code models.allowed}.</li>
 *   <li><b>Late:</b> an event for a window that already fired, within the allowed lateness, is added
 *       to a delta profile emitted at the next watermark, so the merge stage re-evaluates the window.
 *       Later than that it is dead-lettered {@code too-late}.</li>
 * </ul>
 * State holds only profiles not yet emitted (bounded by features × sketch size per open window) and
 * the bounded hold buffer.
 *
 * <p>Every prediction of an allowed model is also handed on, as it arrives and whether held or not, on
 * {@link #PREDICTIONS}: the performance stages read their predictions here, after the shuffle, so that
 * the per-prediction work of feeding them runs on this stage's thread instead of the source's, the
 * job's busiest (BENCHMARKS.md, job throughput).
 */
public final class ProfileAggregator extends KeyedBroadcastProcessFunction<SaltedKey, Observation, Baseline, PartialProfile> {
    /** Predictions of allowed models, for the performance stages (see the class comment). */
    public static final OutputTag<Observation> PREDICTIONS =
            new OutputTag<>("predictions", TypeInformation.of(Observation.class));
    private static final long HOLD_CHECK_INTERVAL_MS = 1_000;
    /**
     * Processing time for which held events keep the watermark back ({@link ProfileAggregatorOperator}):
     * ample for the baselines topic to be read at start-up, while a producer sending a version that
     * has no baseline at all delays the other windows of the subtask by at most this much each time a
     * hold begins (at most once per {@code models.hold-time} while it keeps sending); past it, held
     * events are judged by the watermark they find, as before.
     */
    static final long WATERMARK_HOLD_MS = 10_000;
    /**
     * Processing time after which a late event's update is sent on even if no later watermark comes
     * (the sources may have gone quiet right after it): late data must not wait for new traffic.
     */
    private static final long LATE_FLUSH_MS = 500;

    private final long windowSize;
    private final long allowedLateness;
    private final JobConfig.Models models;
    private final int maxPayloadBytes;
    private final String baselinesTopic;

    private transient MapState<Long, WindowProfile> pending;
    private transient ListState<Observation> held;
    private transient ValueState<Integer> heldCount;
    private transient ValueState<Long> holdDeadline;
    private transient Counter late;
    private transient Counter tooLate;
    private transient EventCodec<Baseline> baselineCodec;
    /** Keys of this subtask holding events since the last (re)start, and since when one has. */
    private transient Set<SaltedKey> holdingKeys;
    private transient long holdingSince;

    public ProfileAggregator(JobConfig config) {
        this.windowSize = config.windows().size().toMillis();
        this.allowedLateness = config.windows().allowedLateness().toMillis();
        this.models = config.models();
        this.maxPayloadBytes = config.validation().maxPayloadBytes();
        this.baselinesTopic = config.topics().baselines();
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-windows", Types.LONG,
                TypeInformation.of(WindowProfile.class)));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held-events",
                TypeInformation.of(Observation.class)));
        heldCount = getRuntimeContext().getState(new ValueStateDescriptor<>("held-count", Types.INT));
        holdDeadline = getRuntimeContext().getState(new ValueStateDescriptor<>("hold-deadline", Types.LONG));
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLateEvents");
        baselineCodec = EventCodec.of(Baseline.class);
        holdingKeys = new HashSet<>();
    }

    /**
     * Whether the watermark should wait for held events: while any key of this subtask holds events
     * it started holding since the last (re)start, for at most {@link #WATERMARK_HOLD_MS} from when
     * the first of them did. (Events held in restored state are released by their timers and judged
     * by the watermark they find, as before.)
     */
    boolean holdsWatermark(long now) {
        return !holdingKeys.isEmpty() && now - holdingSince < WATERMARK_HOLD_MS;
    }

    @Override
    public void processElement(Observation event, ReadOnlyContext ctx, Collector<PartialProfile> out) throws Exception {
        if (!models.isAllowed(event.modelId())) {
            deadLetter(ctx, event, RejectReason.UNKNOWN_MODEL, "model '" + event.modelId()
                    + "' is not in models.allowed");
            return;
        }
        if (event.hasPrediction()) {
            ctx.output(PREDICTIONS, event);
        }
        BaselineVersions baselines = ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR)
                .get(BaselineRegistry.keyOf(event.modelId(), event.modelVersion()));
        if (baselines != null) {
            if (!holdingKeys.isEmpty() && holdingKeys.contains(ctx.getCurrentKey())) {
                // The baseline arrived since: release the held events now, before this one, rather than
                // at the next check, so that the watermark moves on as soon as possible.
                releaseHeldEvents(baselines, ctx);
            }
            addToWindow(event, baselines, ctx.timerService(), ctx);
        } else if (models.unknownVersion() == JobConfig.UnknownVersionPolicy.REJECT) {
            deadLetter(ctx, event, RejectReason.UNKNOWN_MODEL, "no baseline for " + event.modelId() + "/"
                    + event.modelVersion() + " and models.unknown-version is reject");
        } else {
            hold(event, ctx);
        }
    }

    private void hold(Observation event, ReadOnlyContext ctx) throws Exception {
        int count = heldCount.value() == null ? 0 : heldCount.value();
        if (count >= models.maxHeldEvents()) {
            deadLetter(ctx, event, RejectReason.NO_BASELINE, "no baseline for " + event.modelId() + "/"
                    + event.modelVersion() + " and the hold buffer is full (models.max-held-events = "
                    + models.maxHeldEvents() + ")");
            return;
        }
        held.add(event);
        heldCount.update(count + 1);
        if (holdDeadline.value() == null) {
            long now = ctx.timerService().currentProcessingTime();
            holdDeadline.update(now + models.holdTime().toMillis());
            ctx.timerService().registerProcessingTimeTimer(now + HOLD_CHECK_INTERVAL_MS);
            if (holdingKeys.isEmpty()) {
                holdingSince = now;
            }
            holdingKeys.add(ctx.getCurrentKey());
        }
    }

    private void addToWindow(Observation event, BaselineVersions baselines, TimerService timers, ReadOnlyContext ctx)
            throws Exception {
        long start = Math.floorDiv(event.timestamp(), windowSize) * windowSize;
        long maxTimestamp = start + windowSize - 1;
        long watermark = timers.currentWatermark();
        if (maxTimestamp + allowedLateness <= watermark) {
            tooLate.inc();
            deadLetterTo(ctx, event, DeadLetters.STAGE_WINDOW, RejectReason.TOO_LATE, "event time "
                    + event.timestamp() + " belongs to window [" + start + ", " + (maxTimestamp + 1)
                    + ") which closed for late events at watermark " + watermark + " (allowed lateness "
                    + allowedLateness + " ms)");
            return;
        }
        boolean isLate = maxTimestamp <= watermark;
        WindowProfile profile = pending.get(start);
        if (profile == null) {
            profile = WindowProfile.forBaseline(baselines.forWindow(start));
        }
        profile.add(event, isLate);
        pending.put(start, profile);
        if (isLate) {
            late.inc();
            timers.registerEventTimeTimer(watermark + 1);
            timers.registerProcessingTimeTimer(timers.currentProcessingTime() + LATE_FLUSH_MS);
        } else {
            timers.registerEventTimeTimer(maxTimestamp);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartialProfile> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            emitClosedWindows(timestamp, ctx.getCurrentKey(), out);
        } else {
            emitClosedWindows(ctx.timerService().currentWatermark(), ctx.getCurrentKey(), out);
            checkHeldEvents(timestamp, ctx);
        }
    }

    private void emitClosedWindows(long watermark, SaltedKey key, Collector<PartialProfile> out) throws Exception {
        List<Long> closed = new ArrayList<>();
        for (Map.Entry<Long, WindowProfile> entry : pending.entries()) {
            long start = entry.getKey();
            if (start + windowSize - 1 <= watermark) {
                out.collect(new PartialProfile(key.windowKey(), start, start + windowSize, entry.getValue()));
                closed.add(start);
            }
        }
        for (Long start : closed) {
            pending.remove(start);
        }
    }

    private void checkHeldEvents(long now, OnTimerContext ctx) throws Exception {
        Long deadline = holdDeadline.value();
        if (deadline == null) {
            return;
        }
        SaltedKey key = ctx.getCurrentKey();
        BaselineVersions baselines = ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR)
                .get(BaselineRegistry.keyOf(key.modelId(), key.modelVersion()));
        if (baselines == null && now < deadline) {
            ctx.timerService().registerProcessingTimeTimer(now + HOLD_CHECK_INTERVAL_MS);
            return;
        }
        if (baselines != null) {
            releaseHeldEvents(baselines, ctx);
            return;
        }
        for (Observation event : held.get()) {
            deadLetter(ctx, event, RejectReason.NO_BASELINE, "no baseline for " + key.modelId() + "/"
                    + key.modelVersion() + " arrived within models.hold-time (" + models.holdTime() + ")");
        }
        clearHeldEvents(key);
    }

    /** Adds the current key's held events to their windows, in the order they arrived. */
    private void releaseHeldEvents(BaselineVersions baselines, ReadOnlyContext ctx) throws Exception {
        for (Observation event : held.get()) {
            addToWindow(event, baselines, ctx.timerService(), ctx);
        }
        clearHeldEvents(ctx.getCurrentKey());
    }

    private void clearHeldEvents(SaltedKey key) {
        held.clear();
        heldCount.clear();
        holdDeadline.clear();
        holdingKeys.remove(key);
    }

    @Override
    public void processBroadcastElement(Baseline baseline, Context ctx, Collector<PartialProfile> out) throws Exception {
        long publishedAt = ctx.timestamp() == null ? ctx.currentProcessingTime() : ctx.timestamp();
        Optional<Rejection> refused = BaselineRegistry.register(ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR),
                baseline, publishedAt, windowSize, models.maxVersions());
        // Every subtask sees every baseline; one of them reports a refusal.
        if (refused.isPresent() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            RawRecord record = new RawRecord(baselinesTopic, -1, -1, publishedAt,
                    BaselineRegistry.keyOf(baseline.getModelId(), baseline.getModelVersion())
                            .getBytes(StandardCharsets.UTF_8),
                    baselineCodec.encode(baseline, WireFormat.AVRO));
            ctx.output(RouteDecoded.DEAD_LETTERS, DeadLetters.of(record, DeadLetters.STAGE_BASELINE, refused.get(),
                    baseline.getModelId(), maxPayloadBytes));
        }
    }

    private void deadLetter(ReadOnlyContext ctx, Observation event, RejectReason reason, String message) {
        deadLetterTo(ctx, event, DeadLetters.STAGE_BASELINE, reason, message);
    }

    private void deadLetterTo(ReadOnlyContext ctx, Observation event, String stage, RejectReason reason, String message) {
        DeadLetter letter = DeadLetters.of(event.origin(), stage, new Rejection(reason, message), event.modelId(),
                maxPayloadBytes);
        ctx.output(RouteDecoded.DEAD_LETTERS, letter);
    }
}
