package io.driftwatch.schema;

import io.driftwatch.events.Prediction;
import io.driftwatch.events.PredictionEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Test fixtures: a valid prediction event that tests modify one field at a time. */
public final class Events {
    private Events() {}

    public static PredictionEvent prediction() {
        Map<String, Double> numeric = new HashMap<>();
        numeric.put("age", 42.0);
        numeric.put("income", null);
        Map<String, String> categorical = new HashMap<>();
        categorical.put("country", "DE");
        return PredictionEvent.newBuilder()
                .setEventId("e-1")
                .setModelId("fraud")
                .setModelVersion("v1")
                .setTimestamp(Instant.parse("2026-11-26T12:00:00Z"))
                .setNumericFeatures(numeric)
                .setCategoricalFeatures(categorical)
                .setPrediction(Prediction.newBuilder().setScore(0.83).setPredictedClass("1")
                        .setClassProbabilities(Map.of("0", 0.17, "1", 0.83)).build())
                .setLatencyMs(12.5)
                .setSegments(Map.of("channel", "web"))
                .build();
    }
}
