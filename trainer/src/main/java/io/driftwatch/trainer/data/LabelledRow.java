package io.driftwatch.trainer.data;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One labelled example as the trainer uses it: features (NaN / null = missing, kept sorted by name
 * so that every iteration order is canonical), the true class, and the event time that orders it.
 */
public record LabelledRow(String eventId, long timestamp, SortedMap<String, Double> numeric,
                          SortedMap<String, String> categorical, String label) {
    public LabelledRow {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(label, "label");
        numeric = new TreeMap<>(numeric);
        categorical = new TreeMap<>(categorical);
    }

    /** A row from feature maps in any order; null numeric values become NaN. */
    public static LabelledRow of(String eventId, long timestamp, Map<String, Double> numeric,
                                 Map<String, String> categorical, String label) {
        SortedMap<String, Double> numbers = new TreeMap<>();
        numeric.forEach((name, value) -> numbers.put(name, value == null ? Double.NaN : value));
        return new LabelledRow(eventId, timestamp, numbers, new TreeMap<>(categorical), label);
    }

    /** The value of a numeric feature, NaN when absent or missing. */
    public double number(String feature) {
        Double value = numeric.get(feature);
        return value == null ? Double.NaN : value;
    }
}
