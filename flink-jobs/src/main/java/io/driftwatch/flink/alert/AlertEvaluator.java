package io.driftwatch.flink.alert;

import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.evaluate.FeatureResult;
import io.driftwatch.flink.evaluate.WindowEvaluation;
import io.driftwatch.flink.window.WindowKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code drift-core} alert state machine, keyed by model: one {@link AlertState} per
 * (version, segment, feature, metric) in map state, kept only while it is not OK, so state is bounded
 * by the series that are breaching. Publishes transitions as {@link DriftAlert}s.
 *
 * <p>Model level: when at least {@code alerts.model-drift-share} of a version's input features have a
 * firing series, or a prediction series fires, the model-level series ({@code model_drift_share})
 * fires at once, resolves after {@code resolve-after} clean windows, and a {@link RetrainRequest} goes
 * to the {@link #RETRAIN_REQUESTS} side output, at most once per {@code retrain-cooldown} of event time
 * per model (the last request time is keyed state, so it survives restarts).
 *
 * <p>Only first evaluations of a window (revision 0) are used, in window order per version and
 * segment; late re-evaluations update InfluxDB only.
 *
 * <p>A version whose windows stop while the model's other versions go on (its traffic moved to a newer
 * version after a deployment, or a canary ended) resolves its firing series after
 * {@code resolve-after} windows of silence, with a RESOLVED that says so ({@value #RESOLVED_BECAUSE}
 * = {@code no-traffic}; no value, as there is no window to measure): otherwise an old version's
 * alerts would stay open forever after the deployment that fixed them.
 *
 * <p><b>Thresholds</b> ({@link MetricLevels}): a series the window's baseline has calibrated is judged by
 * the calibrated thresholds, rescaled to the window's size; every other series by the configured
 * limits. Each alert says which in its {@value #THRESHOLDS_ANNOTATION} annotation. A window more than
 * {@link CalibratedThresholds#MAX_SIZE_RATIO}× smaller or larger than the calibrated size gets
 * extrapolated thresholds ({@code extrapolated} in the annotation) and a warning in the log when a
 * version's windows move out of that range (and a line when they are back), not on every window.
 */
public final class AlertEvaluator extends KeyedProcessFunction<String, WindowEvaluation, DriftAlert> {
    public static final OutputTag<RetrainRequest> RETRAIN_REQUESTS = new OutputTag<>("retrain-requests",
            new AvroTypeInfo<>(RetrainRequest.class));
    static final String MODEL_METRIC = "model_drift_share";
    /** Alert annotation naming where a feature series' thresholds came from: fixed_default, calibrated, extrapolated. */
    static final String THRESHOLDS_ANNOTATION = "thresholds";
    /** Annotation of a RESOLVED that no window measured: why it resolved. */
    static final String RESOLVED_BECAUSE = AlertMessages.RESOLVED_BECAUSE;
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final JobConfig.Alerts config;
    private final AlertMessages messages;

    private transient AlertRule featureRule;
    private transient AlertRule modelRule;
    private transient MapState<String, AlertState> states;
    /** The series of every non-OK state (by fingerprint), without the model, to resolve a silent version. */
    private transient MapState<String, String> seriesOfStates;
    private transient MapState<String, Long> lastWindowEnd;
    private transient ValueState<Long> lastRetrainAt;
    /**
     * Version streams (model, version, segment) whose last window was outside the calibrated size, so the
     * log says so once per episode. Not checkpointed: after a restart an ongoing episode is logged again.
     */
    private transient Set<WindowKey> extrapolatedStreams;

    public AlertEvaluator(JobConfig.Alerts config) {
        this.config = config;
        this.messages = new AlertMessages(config);
    }

    @Override
    public void open(OpenContext openContext) {
        featureRule = new AlertRule(config.firingAfter(), config.resolveAfter());
        modelRule = new AlertRule(1, config.resolveAfter());
        states = getRuntimeContext().getMapState(new MapStateDescriptor<>("alert-states", Types.STRING,
                TypeInformation.of(AlertState.class)));
        seriesOfStates = getRuntimeContext().getMapState(new MapStateDescriptor<>("alert-series", Types.STRING,
                Types.STRING));
        lastWindowEnd = getRuntimeContext().getMapState(new MapStateDescriptor<>("last-window-end", Types.STRING,
                Types.LONG));
        lastRetrainAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-retrain-at", Types.LONG));
        extrapolatedStreams = new HashSet<>();
    }

    @Override
    public void processElement(WindowEvaluation window, Context ctx, Collector<DriftAlert> out) throws Exception {
        if (window.revision() > 0 || !inOrder(window)) {
            return;
        }
        String model = window.key().modelId();
        String version = window.key().modelVersion();
        String segment = window.key().segment();
        logWindowSizeAgainstCalibration(window);
        List<String> firingFeatures = new ArrayList<>();
        int inputFeatures = 0;
        boolean predictionFiring = false;
        for (FeatureResult result : window.features()) {
            boolean prediction = result.role() == FeatureResult.Role.PREDICTION;
            String feature = prediction ? "prediction." + result.feature() : result.feature();
            JobConfig.Thresholds limits = config.thresholdsFor(model, feature);
            boolean firing = false;
            for (JobConfig.AlertMetric metric : config.metrics()) {
                Optional<MetricLevels.Judged> judged = MetricLevels.observe(metric, result, limits,
                        window.windowStart(), window.windowEnd());
                if (judged.isPresent()) {
                    AlertSeries series = AlertSeries.of(model, version, segment, feature, metric.label());
                    firing |= step(series, featureRule, judged.get().observation(), judged.get().thresholds(), out);
                }
            }
            if (prediction) {
                predictionFiring |= firing;
            } else {
                inputFeatures++;
                if (firing) {
                    firingFeatures.add(feature);
                }
            }
        }
        double share = inputFeatures == 0 ? 0 : (double) firingFeatures.size() / inputFeatures;
        boolean modelDrifting = share >= config.modelDriftShare() || predictionFiring;
        AlertStateMachine.Observation modelObservation = new AlertStateMachine.Observation(
                modelDrifting ? Level.WARNING : Level.OK, share, config.modelDriftShare(), window.windowStart(),
                window.windowEnd());
        AlertSeries modelSeries = AlertSeries.of(model, version, segment, null, MODEL_METRIC);
        boolean modelFired = step(modelSeries, modelRule, modelObservation, null, out);
        if (modelFired && modelDrifting) {
            requestRetrainIfDue(window, share, firingFeatures, predictionFiring, ctx);
        }
        resolveSilentStreams(window, out);
    }

    /** Name of a version stream (version and segment) of the keyed model. */
    static String stream(String version, String segment) {
        return version + "/" + segment;
    }

    /**
     * Resolves the series of every other stream of this model that has produced no window for
     * {@code resolve-after} windows up to this one ({@link SilentStreams}), and forgets the stream.
     */
    private void resolveSilentStreams(WindowEvaluation window, Collector<DriftAlert> out) throws Exception {
        String current = stream(window.key().modelVersion(), window.key().segment());
        Map<String, Long> silent = SilentStreams.takeSilent(lastWindowEnd, current, window.windowStart(),
                window.windowEnd(), config.resolveAfter());
        for (Map.Entry<String, Long> stream : silent.entrySet()) {
            List<Map.Entry<String, String>> series = new ArrayList<>();
            seriesOfStates.entries().forEach(series::add);
            for (Map.Entry<String, String> entry : series) {
                AlertSeries silentSeries = AlertSeries.of(window.key().modelId(), entry.getValue());
                if (silentSeries.stream().equals(stream.getKey())) {
                    AlertState state = states.get(entry.getKey());
                    states.remove(entry.getKey());
                    seriesOfStates.remove(entry.getKey());
                    messages.noTrafficResolved(silentSeries, state, stream.getValue(), window.windowStart(),
                            window.windowEnd()).ifPresent(out::collect);
                }
            }
            LOG.info("{} {}: no window since {}; its alert series are resolved", window.key().modelId(),
                    stream.getKey(), Instant.ofEpochMilli(stream.getValue()));
        }
    }

    /** Whether this window is newer than the last one seen for its version and segment. */
    private boolean inOrder(WindowEvaluation window) throws Exception {
        String stream = stream(window.key().modelVersion(), window.key().segment());
        if (!SilentStreams.record(lastWindowEnd, stream, window.windowEnd())) {
            LOG.warn("window ending {} of {} evaluated after a later window; not used for alerts",
                    window.windowEnd(), window.key());
            return false;
        }
        return true;
    }

    /**
     * Steps one series, publishes its transition if any, and says whether it is firing now.
     *
     * @param thresholds where the observation's thresholds came from; null for the model-level series
     */
    private boolean step(AlertSeries series, AlertRule rule, AlertStateMachine.Observation observation,
                         CalibratedThresholds.Provenance thresholds, Collector<DriftAlert> out) throws Exception {
        String id = series.fingerprint();
        AlertState state = states.get(id);
        AlertStateMachine.Step step = AlertStateMachine.step(rule, state == null ? AlertState.INITIAL : state, observation);
        if (step.state().equals(AlertState.INITIAL)) {
            states.remove(id);
            seriesOfStates.remove(id);
        } else {
            states.put(id, step.state());
            seriesOfStates.put(id, series.withoutModel());
        }
        step.transition().ifPresent(transition -> out.collect(messages.alert(series, transition, thresholds)));
        return step.state().phase() == AlertState.Phase.FIRING;
    }

    /**
     * Logs when a version's windows move further than {@link CalibratedThresholds#MAX_SIZE_RATIO}× from
     * the size its baseline was calibrated for, and when they are back: the calibrated thresholds are
     * then extrapolated, and the false-alarm target holds only approximately.
     */
    private void logWindowSizeAgainstCalibration(WindowEvaluation window) {
        List<String> extrapolated = new ArrayList<>();
        for (FeatureResult result : window.features()) {
            boolean far = result.calibratedThresholds().values().stream()
                    .anyMatch(t -> t.provenance() == CalibratedThresholds.Provenance.EXTRAPOLATED);
            if (far) {
                extrapolated.add(result.feature() + " (" + result.count() + " values)");
            }
        }
        if (!extrapolated.isEmpty() && extrapolatedStreams.add(window.key())) {
            LOG.warn("{}: window ending {} holds more than {}x fewer or more values than its baseline was calibrated"
                    + " for, in {}; the calibrated thresholds are extrapolated to that size and the false-alarm target"
                    + " holds only approximately. Recalibrate the baseline for this traffic (driftwatch baseline build"
                    + " --calibrate --events-per-window N)", window.key(), Instant.ofEpochMilli(window.windowEnd()),
                    CalibratedThresholds.MAX_SIZE_RATIO, String.join(", ", extrapolated));
        } else if (extrapolated.isEmpty() && extrapolatedStreams.remove(window.key())) {
            LOG.info("{}: window ending {} is back within {}x of its baseline's calibrated size", window.key(),
                    Instant.ofEpochMilli(window.windowEnd()), CalibratedThresholds.MAX_SIZE_RATIO);
        }
    }

    private void requestRetrainIfDue(WindowEvaluation window, double share, List<String> firingFeatures,
                                     boolean predictionFiring, Context ctx) throws Exception {
        Long last = lastRetrainAt.value();
        if (last != null && window.windowEnd() - last < config.retrainCooldown().toMillis()) {
            return;
        }
        lastRetrainAt.update(window.windowEnd());
        String model = window.key().modelId();
        String reason = String.format(Locale.ROOT, "%d features drifting (share %.2f, limit %.2f)%s",
                firingFeatures.size(), share, config.modelDriftShare(), predictionFiring ? "; prediction drifting" : "");
        // Deterministic id: a replay after a failure produces the same request, which the trainer ignores.
        String requestId = UUID.nameUUIDFromBytes((model + "/" + window.key().modelVersion() + "/"
                + window.windowEnd()).getBytes(StandardCharsets.UTF_8)).toString();
        ctx.output(RETRAIN_REQUESTS, RetrainRequest.newBuilder()
                .setRequestId(requestId)
                .setModelId(model)
                .setModelVersion(window.key().modelVersion())
                .setReason(reason)
                .setDriftedFeatures(firingFeatures)
                .setEvidenceWindowStart(Instant.ofEpochMilli(window.windowStart()))
                .setEvidenceWindowEnd(Instant.ofEpochMilli(window.windowEnd()))
                .setDataFrom(Instant.ofEpochMilli(window.windowEnd() - config.trainingWindow().toMillis()))
                .setDataTo(Instant.ofEpochMilli(window.windowEnd()))
                .setRequestedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()))
                .build());
    }
}
