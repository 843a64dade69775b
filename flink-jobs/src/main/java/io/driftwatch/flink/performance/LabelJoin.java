package io.driftwatch.flink.performance;

import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.Prediction;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.DeadLetters;
import io.driftwatch.flink.decode.LabelObservation;
import io.driftwatch.flink.decode.RouteDecoded;
import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins labels to predictions by {@code (model_id, event_id)} in event time, keyed by that pair.
 *
 * <ul>
 *   <li>A prediction waits for its label until the watermark passes its event time plus
 *       {@code performance.label-horizon}; then it is emitted UNLABELLED and its state is dropped.</li>
 *   <li>A label that arrives first waits until the watermark passes its own time plus
 *       {@code windows.allowed-lateness}: by then every prediction before it has been read (the
 *       watermark is the slower of the two inputs), so a label still alone is an orphan and is
 *       dead-lettered {@code orphan-label} (stage {@code join}). So is a label whose prediction expired.</li>
 *   <li>On a match: one LABELLED event downstream, one {@link LabelledExample} to {@link #LABELLED_EXAMPLES};
 *       the prediction's payload is dropped and only a one-byte marker stays until the horizon, so
 *       repeated labels and repeated predictions are recognised, counted ({@code duplicateLabels},
 *       {@code duplicatePredictions}) and ignored.</li>
 * </ul>
 * State per key is at most one prediction or one label plus a marker, and every key is cleared by a
 * timer at the horizon: the state is bounded by the prediction rate times the horizon, whatever share
 * of labels never comes.
 */
public final class LabelJoin extends KeyedCoProcessFunction<String, PredictionFacts, LabelObservation, PerformanceEvent> {
    public static final OutputTag<LabelledExample> LABELLED_EXAMPLES = new OutputTag<>("labelled-examples",
            new AvroTypeInfo<>(LabelledExample.class));

    private final long horizon;
    private final long labelWait;
    private final int maxPayloadBytes;

    private transient ValueState<PredictionFacts> prediction;
    private transient ValueState<LabelObservation> waitingLabel;
    private transient ValueState<Boolean> labelled;
    private transient ValueState<Long> predictionExpiresAt;
    private transient Counter joined;
    private transient Counter unlabelled;
    private transient Counter orphanLabels;
    private transient Counter duplicateLabels;
    private transient Counter duplicatePredictions;

    public LabelJoin(JobConfig config) {
        this.horizon = config.performance().labelHorizon().toMillis();
        this.labelWait = config.windows().allowedLateness().toMillis();
        this.maxPayloadBytes = config.validation().maxPayloadBytes();
    }

    /** Key of both inputs: a label belongs to the prediction of the same model and event id. */
    public static String keyOf(String modelId, String eventId) {
        return modelId + "/" + eventId;
    }

    @Override
    public void open(OpenContext openContext) {
        prediction = getRuntimeContext().getState(new ValueStateDescriptor<>("prediction",
                TypeInformation.of(PredictionFacts.class)));
        waitingLabel = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-label",
                TypeInformation.of(LabelObservation.class)));
        labelled = getRuntimeContext().getState(new ValueStateDescriptor<>("labelled", Types.BOOLEAN));
        predictionExpiresAt = getRuntimeContext().getState(new ValueStateDescriptor<>("expires-at", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        joined = metrics.counter("labelsJoined");
        unlabelled = metrics.counter("unlabelledPredictions");
        orphanLabels = metrics.counter("orphanLabels");
        duplicateLabels = metrics.counter("duplicateLabels");
        duplicatePredictions = metrics.counter("duplicatePredictions");
    }

    @Override
    public void processElement1(PredictionFacts facts, Context ctx, Collector<PerformanceEvent> out) throws Exception {
        if (predictionExpiresAt.value() != null) {
            duplicatePredictions.inc();
            return;
        }
        long expiresAt = facts.timestamp() + horizon;
        predictionExpiresAt.update(expiresAt);
        ctx.timerService().registerEventTimeTimer(expiresAt);
        LabelObservation label = waitingLabel.value();
        if (label != null) {
            waitingLabel.clear();
            join(facts, label, ctx, out);
        } else {
            prediction.update(facts);
        }
    }

    @Override
    public void processElement2(LabelObservation label, Context ctx, Collector<PerformanceEvent> out) throws Exception {
        if (Boolean.TRUE.equals(labelled.value()) || waitingLabel.value() != null) {
            duplicateLabels.inc();
            return;
        }
        PredictionFacts facts = prediction.value();
        if (facts != null) {
            prediction.clear();
            join(facts, label, ctx, out);
            return;
        }
        waitingLabel.update(label);
        ctx.timerService().registerEventTimeTimer(label.timestamp() + labelWait);
    }

    private void join(PredictionFacts facts, LabelObservation label, Context ctx, Collector<PerformanceEvent> out)
            throws Exception {
        labelled.update(true);
        joined.inc();
        out.collect(new PerformanceEvent(PerformanceEvent.Kind.LABELLED, facts.withoutFeatures(), label.labelClass(),
                label.labelValue()));
        ctx.output(LABELLED_EXAMPLES, LabelledExample.newBuilder()
                .setEventId(facts.eventId())
                .setModelId(facts.modelId())
                .setModelVersion(facts.modelVersion())
                .setTimestamp(Instant.ofEpochMilli(facts.timestamp()))
                .setNumericFeatures(facts.numeric())
                .setCategoricalFeatures(facts.categorical())
                .setPrediction(Prediction.newBuilder().setScore(facts.score()).setPredictedClass(facts.predictedClass())
                        .setClassProbabilities(facts.classProbabilities()).build())
                .setLabelClass(label.labelClass())
                .setLabelValue(label.labelValue())
                .setLabelledAt(Instant.ofEpochMilli(label.timestamp()))
                .build());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PerformanceEvent> out) throws Exception {
        Long expiresAt = predictionExpiresAt.value();
        if (expiresAt != null && expiresAt <= timestamp) {
            PredictionFacts facts = prediction.value();
            if (facts != null) {
                unlabelled.inc();
                out.collect(new PerformanceEvent(PerformanceEvent.Kind.UNLABELLED, facts.withoutFeatures(), null, null));
            }
            prediction.clear();
            labelled.clear();
            predictionExpiresAt.clear();
        }
        LabelObservation label = waitingLabel.value();
        if (label != null && label.timestamp() + labelWait <= timestamp) {
            waitingLabel.clear();
            orphanLabels.inc();
            ctx.output(RouteDecoded.DEAD_LETTERS, DeadLetters.of(label.origin(), DeadLetters.STAGE_JOIN,
                    new Rejection(RejectReason.ORPHAN_LABEL, "no prediction with event_id '" + label.eventId()
                            + "' of model " + label.modelId() + " was seen within the label horizon (label time "
                            + Instant.ofEpochMilli(label.timestamp()) + ")"), label.modelId(), maxPayloadBytes));
        }
    }
}
