package io.driftwatch.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.Prediction;
import io.driftwatch.trainer.data.LabelledRow;

/**
 * Synthetic labelled examples of a credit model: two numeric features and a country. The concept
 * says how the label depends on them; {@link Concept#AFTER_DRIFT} reverses the effect of
 * {@code utilisation}, so a model trained before the drift ranks new examples badly.
 */
public final class TestData {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] COUNTRIES = {"DE", "FR", "ES"};

    public enum Concept {
        BEFORE_DRIFT(2.5), AFTER_DRIFT(-2.5);

        final double utilisationWeight;

        Concept(double utilisationWeight) {
            this.utilisationWeight = utilisationWeight;
        }
    }

    private TestData() {}

    /** {@code count} rows one minute apart from {@code start}, reproducible by {@code seed}. */
    public static List<LabelledRow> rows(Concept concept, int count, Instant start, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double utilisation = random.nextDouble();
            double income = 20_000 + 80_000 * random.nextDouble();
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            double logit = concept.utilisationWeight * (utilisation - 0.5) * 2 - (income - 60_000) / 40_000
                    + ("ES".equals(country) ? 0.5 : 0);
            String label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "1" : "0";
            Map<String, Double> numeric = new HashMap<>();
            numeric.put("utilisation", utilisation);
            numeric.put("income", i % 50 == 0 ? null : income);
            rows.add(LabelledRow.of("e-" + seed + "-" + i, start.plus(Duration.ofMinutes(i)).toEpochMilli(), numeric,
                    Map.of("country", country), label));
        }
        return rows;
    }

    public static LabelledExample example(String modelId, LabelledRow row) {
        Map<String, Double> numeric = new HashMap<>();
        row.numeric().forEach((name, value) -> numeric.put(name, Double.isNaN(value) ? null : value));
        return LabelledExample.newBuilder()
                .setEventId(row.eventId())
                .setModelId(modelId)
                .setModelVersion("v1")
                .setTimestamp(Instant.ofEpochMilli(row.timestamp()))
                .setNumericFeatures(numeric)
                .setCategoricalFeatures(new HashMap<>(row.categorical()))
                .setPrediction(Prediction.newBuilder().setScore(0.5).build())
                .setLabelClass(row.label())
                .setLabelledAt(Instant.ofEpochMilli(row.timestamp()).plus(Duration.ofMinutes(1)))
                .build();
    }

    /** The rows as a CSV file with columns timestamp, utilisation, income, country, label. */
    public static Path csv(Path file, List<LabelledRow> rows) {
        StringBuilder text = new StringBuilder("timestamp,utilisation,income,country,label\n");
        for (LabelledRow row : rows) {
            double income = row.number("income");
            text.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", Instant.ofEpochMilli(row.timestamp()),
                    row.number("utilisation"), Double.isNaN(income) ? "" : income, row.categorical().get("country"), row.label()));
        }
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
