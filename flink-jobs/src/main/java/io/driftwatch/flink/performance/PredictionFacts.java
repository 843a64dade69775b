package io.driftwatch.flink.performance;

import io.driftwatch.flink.decode.Observation;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the performance stages need of one prediction: its identity, event time and answer, and (only
 * while it waits for its label, for the labelled example) its features.
 *
 * @param timestamp the prediction's event time, epoch ms: the window its performance counts in
 * @param score positive-class probability (binary), predicted value (regression), or {@code null}
 * @param predictedClass predicted class, or {@code null}
 * @param classProbabilities probability per class (multi-class), possibly empty
 * @param latencyMs the model's answer time, or {@code null}
 */
@TypeInfo(PredictionFactsSerializer.Factory.class)
public record PredictionFacts(String eventId, String modelId, String modelVersion, long timestamp, Double score,
                              String predictedClass, Map<String, Double> classProbabilities, Double latencyMs,
                              Map<String, Double> numeric, Map<String, String> categorical) {

    public static PredictionFacts of(Observation prediction) {
        return new PredictionFacts(prediction.eventId(), prediction.modelId(), prediction.modelVersion(),
                prediction.timestamp(), prediction.score(), prediction.predictedClass(),
                prediction.classProbabilities(), prediction.latencyMs(), prediction.numeric(),
                prediction.categorical());
    }

    /** The same prediction without its features, for the stages after the join. */
    public PredictionFacts withoutFeatures() {
        return new PredictionFacts(eventId, modelId, modelVersion, timestamp, score, predictedClass,
                classProbabilities, latencyMs, Map.of(), Map.of());
    }
}
