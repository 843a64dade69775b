package io.driftwatch.flink.performance;

import io.driftwatch.core.performance.CbpeCalibration;
import io.driftwatch.core.performance.PerformanceMetrics;
import io.driftwatch.events.Baseline;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.window.BaselineRegistry;
import io.driftwatch.flink.window.BaselineVersions;
import io.driftwatch.flink.window.WindowKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performance per (model, version) and tumbling window of <em>prediction</em> event time.
 *
 * <ul>
 *   <li>Only versions with a baseline are measured (as in the drift stages, which hold or dead-letter
 *       the others): events of other versions are counted ({@code performanceEventsWithoutBaseline}).</li>
 *   <li>PREDICTED events feed the window's latency sketch and CBPE estimate (with the calibration map
 *       of the window's baseline), within the windows' allowed lateness like the drift windows; later
 *       ones are counted ({@code predictionsTooLateForPerformance}) and already dead-lettered
 *       {@code too-late} by the drift stage.</li>
 *   <li>LABELLED and UNLABELLED events (from {@link LabelJoin}) update the window of their prediction
 *       for as long as the label horizon keeps it; one later than that is counted
 *       ({@code outcomesAfterHorizon}) and logged.</li>
 *   <li>A report goes out when the watermark passes the window's end ({@code closing}), after every
 *       change at the next watermark (its points overwrite the earlier ones), and once when the window's
 *       alert delay has passed ({@code settled}), in window order.</li>
 * </ul>
 * State per key: the prediction side of the windows within the allowed lateness (a few KB each) and
 * the label side of the windows within the horizon (about 2 KB each for a binary classifier):
 * horizon / window size windows, whatever the traffic. Both are kept as live objects
 * ({@link PredictionWindowSerializer}, {@link RealizedWindowSerializer}) and updated in place, so only
 * checkpoints serialise them (earlier builds kept byte arrays, re-serialised on every event; their
 * savepoints do not restore into this layout, and need not before 1.0). Keyed by model version: the
 * per-event work is a sketch update and a few additions, but a single very hot model version runs on
 * one subtask.
 */
public final class PerformanceAggregator
        extends KeyedBroadcastProcessFunction<WindowKey, PerformanceEvent, Baseline, PerformanceReport> {
    private static final Logger LOG = LoggerFactory.getLogger(PerformanceAggregator.class);
    private static final int CLOSED = 1;
    private static final int SETTLED = 2;
    private static final int CHANGED = 4;

    private final long windowSize;
    private final long allowedLateness;
    private final long horizon;
    private final long alertDelay;
    private final int maxVersions;

    private transient MapState<Long, PredictionWindow> predictionWindows;
    private transient MapState<Long, RealizedWindow> realizedWindows;
    private transient MapState<Long, Integer> status;
    private transient Counter tooLate;
    private transient Counter afterHorizon;
    private transient Counter withoutBaseline;

    public PerformanceAggregator(JobConfig config) {
        this.windowSize = config.windows().size().toMillis();
        this.allowedLateness = config.windows().allowedLateness().toMillis();
        this.horizon = config.performance().labelHorizon().toMillis();
        this.alertDelay = config.performance().alertDelay().toMillis();
        this.maxVersions = config.models().maxVersions();
    }

    @Override
    public void open(OpenContext openContext) {
        predictionWindows = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-prediction-windows",
                LongSerializer.INSTANCE, PredictionWindowSerializer.INSTANCE));
        realizedWindows = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-realized-windows",
                LongSerializer.INSTANCE, RealizedWindowSerializer.INSTANCE));
        status = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-window-status", Types.LONG,
                Types.INT));
        tooLate = getRuntimeContext().getMetricGroup().counter("predictionsTooLateForPerformance");
        afterHorizon = getRuntimeContext().getMetricGroup().counter("outcomesAfterHorizon");
        withoutBaseline = getRuntimeContext().getMetricGroup().counter("performanceEventsWithoutBaseline");
    }

    @Override
    public void processElement(PerformanceEvent event, ReadOnlyContext ctx, Collector<PerformanceReport> out)
            throws Exception {
        long start = Math.floorDiv(event.prediction().timestamp(), windowSize) * windowSize;
        long end = start + windowSize;
        long watermark = ctx.timerService().currentWatermark();
        Baseline baseline = baselineOf(ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR)
                .get(ctx.getCurrentKey().baselineKey()), start);
        if (baseline == null) {
            // The drift stage holds or dead-letters such events; without this guard a producer inventing
            // versions would multiply keys and series here (models.max-versions caps baselines only).
            withoutBaseline.inc();
            return;
        }
        CbpeCalibration calibration = baseline.getPerformanceCalibration() == null ? null
                : CbpeCalibration.fromAvro(baseline.getPerformanceCalibration());
        if (event.kind() == PerformanceEvent.Kind.PREDICTED) {
            if (end - 1 + allowedLateness <= watermark) {
                tooLate.inc();
                return;
            }
            PredictionWindow window = predictionWindows.get(start);
            if (window == null) {
                window = PredictionWindow.empty();
            }
            window.add(event.prediction(), calibration);
            predictionWindows.put(start, window);
        } else {
            RealizedWindow window = realizedWindows.get(start);
            if (window == null && end + horizon <= watermark) {
                afterHorizon.inc();
                LOG.warn("{} of {} for window {} of {} arrived after the window's label horizon; not counted",
                        event.kind(), event.prediction().eventId(), start, ctx.getCurrentKey());
                return;
            }
            if (window == null) {
                window = RealizedWindow.empty();
            }
            if (event.kind() == PerformanceEvent.Kind.LABELLED) {
                window.addLabelled(event.prediction(), event.labelClass(), event.labelValue(), calibration);
            } else {
                window.addUnlabelled();
            }
            realizedWindows.put(start, window);
        }
        int flags = status.contains(start) ? status.get(start) : 0;
        if (flags == 0) {
            ctx.timerService().registerEventTimeTimer(end - 1);
            ctx.timerService().registerEventTimeTimer(end + alertDelay);
            ctx.timerService().registerEventTimeTimer(end - 1 + allowedLateness);
            ctx.timerService().registerEventTimeTimer(end + horizon);
        }
        status.put(start, flags | CHANGED);
        if (end - 1 <= watermark) {
            ctx.timerService().registerEventTimeTimer(watermark + 1);
        }
    }

    private static Baseline baselineOf(BaselineVersions versions, long windowStart) {
        return versions == null ? null : versions.forWindow(windowStart);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PerformanceReport> out) throws Exception {
        WindowKey key = ctx.getCurrentKey();
        BaselineVersions baselines = ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR).get(key.baselineKey());
        TreeSet<Long> starts = new TreeSet<>();
        status.keys().forEach(starts::add);
        List<Long> expired = new ArrayList<>();
        for (long start : starts) {
            long end = start + windowSize;
            if (end - 1 > timestamp) {
                continue;
            }
            int flags = status.get(start);
            boolean closing = (flags & CLOSED) == 0;
            boolean settling = (flags & SETTLED) == 0 && end + alertDelay <= timestamp;
            if (closing || settling || (flags & CHANGED) != 0) {
                out.collect(report(key, start, closing, settling, baselineOf(baselines, start)));
                flags = (flags | CLOSED | (settling ? SETTLED : 0)) & ~CHANGED;
            }
            if (end - 1 + allowedLateness <= timestamp) {
                predictionWindows.remove(start);
            }
            if (end + horizon <= timestamp) {
                expired.add(start);
            } else {
                status.put(start, flags);
            }
        }
        for (long start : expired) {
            realizedWindows.remove(start);
            status.remove(start);
        }
    }

    private PerformanceReport report(WindowKey key, long start, boolean closing, boolean settled, Baseline baseline)
            throws Exception {
        RealizedWindow realized = Objects.requireNonNullElseGet(realizedWindows.get(start), RealizedWindow::empty);
        PredictionWindow predictions = Objects.requireNonNullElseGet(predictionWindows.get(start),
                PredictionWindow::empty);
        var latency = predictions.latency();
        boolean hasLatency = latency.count() > 0;
        Map<String, Double> reference = baseline == null ? Map.of() : Map.copyOf(baseline.getEvaluationMetrics());
        PerformanceMetrics estimated = predictions.estimate().metrics();
        return new PerformanceReport(key.modelId(), key.modelVersion(), start, start + windowSize, closing, settled,
                realized.performance().metrics(), realized.unlabelled(), realized.unevaluable(), estimated,
                predictions.estimate().accuracyStandardError(), latency.count(),
                hasLatency ? latency.sketch().getQuantile(0.50) : Double.NaN,
                hasLatency ? latency.sketch().getQuantile(0.95) : Double.NaN,
                hasLatency ? latency.sketch().getQuantile(0.99) : Double.NaN,
                hasLatency ? latency.max() : Double.NaN, reference);
    }

    @Override
    public void processBroadcastElement(Baseline baseline, Context ctx, Collector<PerformanceReport> out)
            throws Exception {
        long publishedAt = ctx.timestamp() == null ? ctx.currentProcessingTime() : ctx.timestamp();
        // Same registration as the drift stages, so all agree on every window's baseline; refusals are
        // reported by the pre-aggregation stage.
        BaselineRegistry.register(ctx.getBroadcastState(BaselineRegistry.DESCRIPTOR), baseline, publishedAt,
                windowSize, maxVersions);
    }
}
