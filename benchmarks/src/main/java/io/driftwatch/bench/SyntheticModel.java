package io.driftwatch.bench;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.Prediction;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.decode.Observation;
import io.driftwatch.flink.decode.Segments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A model with {@value #NUMERIC_FEATURES} numeric features ({@code num_j} ~ N(10·j, 1 + j)) and
 * {@value #CATEGORICAL_FEATURES} categorical ones ({@code cat_j}, eight values with skewed shares), a
 * score and a predicted class: the traffic of the throughput and state benchmarks, always drawn from
 * the training distribution.
 */
final class SyntheticModel {
    static final int NUMERIC_FEATURES = 20;
    static final int CATEGORICAL_FEATURES = 5;
    static final String MODEL = "bench";
    static final String VERSION = "v1";

    private static final String[] NUMERIC_NAMES = names("num_", NUMERIC_FEATURES);
    private static final String[] CATEGORICAL_NAMES = names("cat_", CATEGORICAL_FEATURES);
    private static final String[] CATEGORIES = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};

    private final Random random;

    SyntheticModel(long seed) {
        this.random = new Random(seed);
    }

    /** The baseline drift-core builds from 20,000 training rows. */
    Baseline baseline(Instant createdAt) {
        int rows = 20_000;
        List<FeatureColumn> columns = new ArrayList<>();
        for (int j = 0; j < NUMERIC_FEATURES; j++) {
            double[] values = new double[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = numeric(j);
            }
            columns.add(new FeatureColumn.Numeric(NUMERIC_NAMES[j], values));
        }
        for (int j = 0; j < CATEGORICAL_FEATURES; j++) {
            String[] values = new String[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = category();
            }
            columns.add(new FeatureColumn.Categorical(CATEGORICAL_NAMES[j], values));
        }
        double[] scores = new double[rows];
        String[] classes = new String[rows];
        for (int i = 0; i < rows; i++) {
            scores[i] = score();
            classes[i] = classOf(scores[i]);
        }
        columns.add(new FeatureColumn.Numeric("score", scores));
        columns.add(new FeatureColumn.Categorical("class", classes));
        return BaselineBuilder.build(MODEL, VERSION, new Dataset("synthetic", columns),
                new BaselineBuilder.Roles(Optional.of("score"), Optional.of("class")), BaselineOptions.DEFAULTS,
                createdAt).baseline();
    }

    /** One prediction event with every feature present. */
    PredictionEvent event(String eventId, long timestamp) {
        Map<String, Double> numeric = new HashMap<>();
        Map<String, String> categorical = new HashMap<>();
        fill(numeric, categorical);
        double score = score();
        return PredictionEvent.newBuilder()
                .setEventId(eventId)
                .setModelId(MODEL)
                .setModelVersion(VERSION)
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setNumericFeatures(numeric)
                .setCategoricalFeatures(categorical)
                .setPrediction(Prediction.newBuilder().setScore(score).setPredictedClass(classOf(score)).build())
                .build();
    }

    /**
     * A validated event as the job holds it, drawn into the given (reused) maps: what a window
     * profile is fed, without the cost of encoding and decoding.
     */
    Observation observation(long timestamp, Map<String, Double> numeric, Map<String, String> categorical) {
        fill(numeric, categorical);
        double score = score();
        return new Observation("e", MODEL, VERSION, Segments.ALL, timestamp, true, numeric, categorical, score,
                classOf(score), null, Map.of(), null);
    }

    private void fill(Map<String, Double> numeric, Map<String, String> categorical) {
        for (int j = 0; j < NUMERIC_FEATURES; j++) {
            numeric.put(NUMERIC_NAMES[j], numeric(j));
        }
        for (int j = 0; j < CATEGORICAL_FEATURES; j++) {
            categorical.put(CATEGORICAL_NAMES[j], category());
        }
    }

    private double numeric(int feature) {
        return 10.0 * feature + (1 + feature) * random.nextGaussian();
    }

    /** Value i of eight with a share falling with i (the square of a uniform draw). */
    private String category() {
        double u = random.nextDouble();
        return CATEGORIES[(int) (u * u * CATEGORIES.length)];
    }

    private double score() {
        return 1 / (1 + Math.exp(-random.nextGaussian()));
    }

    private static String classOf(double score) {
        return score > 0.5 ? "decline" : "approve";
    }

    private static String[] names(String prefix, int count) {
        String[] names = new String[count];
        for (int j = 0; j < count; j++) {
            names[j] = String.format("%s%02d", prefix, j);
        }
        return names;
    }
}
