package io.driftwatch.flink.decode;

import io.driftwatch.flink.source.RawRecord;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One validated event reduced to what drift needs, the same shape for a PredictionEvent and a
 * FeatureEvent (which has no prediction: {@code score} and {@code predictedClass} are {@code null}).
 * Immutable by contract: nothing changes it or its maps once decoded, which is what lets the job run
 * with object reuse ({@code DriftJob.environment}) and hand one instance to both of its consumers.
 *
 * @param hasPrediction whether it came from a PredictionEvent, whose prediction is profiled too
 * @param segment the window segment ({@link Segments}); {@code all} when segments are off
 * @param timestamp event time, epoch ms
 * @param numeric numeric features; a {@code null} value is a missing value
 * @param categorical categorical features; a {@code null} value is a missing value
 * @param origin the Kafka record it was decoded from, for dead letters of later stages
 * @param classProbabilities the prediction's probability per class (empty when not sent), for performance
 * @param latencyMs the model's answer time, or {@code null}, for the latency measurement
 */
@TypeInfo(ObservationSerializer.Factory.class)
public record Observation(String eventId, String modelId, String modelVersion, String segment, long timestamp,
                          boolean hasPrediction,
                          Map<String, Double> numeric, Map<String, String> categorical, Double score,
                          String predictedClass, RawRecord origin, Map<String, Double> classProbabilities,
                          Double latencyMs) {
}
