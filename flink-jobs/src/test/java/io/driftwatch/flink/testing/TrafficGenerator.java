package io.driftwatch.flink.testing;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.Prediction;
import io.driftwatch.events.PredictionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Synthetic traffic of a fraud model: numeric {@code amount} ~ N(100, 15) and {@code age} ~ N(40, 10),
 * categorical {@code country} (US 50%, DE 30%, FR 20%) and {@code device} (ios 40%, android 40%, web 20%),
 * a score independent of the features. The drifted mix shifts amount by one standard deviation and
 * changes the device mix to ios 10%, android 30%, web 60%, leaving everything else as it was.
 */
public final class TrafficGenerator {
    public static final String[] INPUT_FEATURES = {"amount", "age", "country", "device"};

    private final Random random;

    public TrafficGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Whether a batch is drawn from the training distribution or the drifted one. */
    public enum Mix {
        STATIONARY,
        DRIFTED
    }

    /** The baseline of {@code model/version}, built by drift-core from 20,000 training rows. */
    public Baseline baseline(String model, String version, Instant createdAt) {
        int rows = 20_000;
        double[] amount = new double[rows];
        double[] age = new double[rows];
        double[] score = new double[rows];
        String[] country = new String[rows];
        String[] device = new String[rows];
        String[] predicted = new String[rows];
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = row(Mix.STATIONARY);
            amount[i] = (Double) row.get("amount");
            age[i] = (Double) row.get("age");
            score[i] = (Double) row.get("score");
            country[i] = (String) row.get("country");
            device[i] = (String) row.get("device");
            predicted[i] = (String) row.get("class");
        }
        Dataset data = new Dataset("synthetic", List.of(new FeatureColumn.Numeric("amount", amount),
                new FeatureColumn.Numeric("age", age), new FeatureColumn.Categorical("country", country),
                new FeatureColumn.Categorical("device", device), new FeatureColumn.Numeric("score", score),
                new FeatureColumn.Categorical("class", predicted)));
        return BaselineBuilder.build(model, version, data,
                new BaselineBuilder.Roles(Optional.of("score"), Optional.of("class")), BaselineOptions.DEFAULTS,
                createdAt).baseline();
    }

    /** {@code count} prediction events spread evenly, in order, over [start, start + length). */
    public List<PredictionEvent> predictions(String model, String version, long start, long length, int count, Mix mix) {
        List<PredictionEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = row(mix);
            events.add(PredictionEvent.newBuilder()
                    .setEventId(model + "-" + start + "-" + i + "-" + random.nextInt(1_000_000))
                    .setModelId(model)
                    .setModelVersion(version)
                    .setTimestamp(Instant.ofEpochMilli(start + length * i / count))
                    .setNumericFeatures(numeric(row))
                    .setCategoricalFeatures(categorical(row))
                    .setPrediction(Prediction.newBuilder().setScore((Double) row.get("score"))
                            .setPredictedClass((String) row.get("class")).build())
                    .build());
        }
        return events;
    }

    /** {@code count} feature events (no prediction) over [start, start + length). */
    public List<FeatureEvent> features(String model, String version, long start, long length, int count, Mix mix) {
        List<FeatureEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = row(mix);
            events.add(FeatureEvent.newBuilder()
                    .setEventId(model + "-f-" + start + "-" + i + "-" + random.nextInt(1_000_000))
                    .setModelId(model)
                    .setModelVersion(version)
                    .setTimestamp(Instant.ofEpochMilli(start + length * i / count + length / (2L * count)))
                    .setNumericFeatures(numeric(row))
                    .setCategoricalFeatures(categorical(row))
                    .build());
        }
        return events;
    }

    private static Map<String, Double> numeric(Map<String, Object> row) {
        Map<String, Double> numeric = new HashMap<>();
        numeric.put("amount", (Double) row.get("amount"));
        numeric.put("age", (Double) row.get("age"));
        return numeric;
    }

    private static Map<String, String> categorical(Map<String, Object> row) {
        Map<String, String> categorical = new HashMap<>();
        categorical.put("country", (String) row.get("country"));
        categorical.put("device", (String) row.get("device"));
        return categorical;
    }

    private Map<String, Object> row(Mix mix) {
        Map<String, Object> row = new HashMap<>();
        boolean drifted = mix == Mix.DRIFTED;
        row.put("amount", 100 + 15 * random.nextGaussian() + (drifted ? 15 : 0));
        row.put("age", 40 + 10 * random.nextGaussian());
        row.put("country", pick(new String[] {"US", "DE", "FR"}, new double[] {0.5, 0.3, 0.2}));
        row.put("device", pick(new String[] {"ios", "android", "web"},
                drifted ? new double[] {0.1, 0.3, 0.6} : new double[] {0.4, 0.4, 0.2}));
        double score = 1 / (1 + Math.exp(-random.nextGaussian()));
        row.put("score", score);
        row.put("class", score > 0.5 ? "decline" : "approve");
        return row;
    }

    private String pick(String[] values, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < values.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
