package io.driftwatch.trainer.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.driftwatch.trainer.data.LabelledRow;

/**
 * Turns a row into the numeric vector a linear model needs: numeric features standardised with the
 * training mean and standard deviation (missing → the mean, i.e. 0), categorical features one-hot
 * over the categories seen in training (unseen or missing → all zero). Part of the artifact, so a
 * model service encodes exactly as training did.
 */
public record FeatureEncoding(List<NumericFeature> numeric, List<CategoricalFeature> categorical) {
    /** Most frequent categories kept per feature; rarer ones encode as all zero, like unseen ones. */
    public static final int MAX_CATEGORIES = 100;

    public FeatureEncoding {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    public record NumericFeature(String name, double mean, double std) {}

    public record CategoricalFeature(String name, List<String> categories) {
        public CategoricalFeature {
            categories = List.copyOf(categories);
        }
    }

    /** Learns the encoding from training rows; features appear sorted by name, categories sorted too. */
    public static FeatureEncoding fit(List<LabelledRow> rows) {
        Map<String, double[]> sums = new TreeMap<>(); // name -> {count, sum, sum of squares}
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (LabelledRow row : rows) {
            row.numeric().forEach((name, value) -> {
                double[] s = sums.computeIfAbsent(name, n -> new double[3]);
                if (Double.isFinite(value)) {
                    s[0]++;
                    s[1] += value;
                    s[2] += value * value;
                }
            });
            row.categorical().forEach((name, value) -> {
                Map<String, Integer> c = counts.computeIfAbsent(name, n -> new HashMap<>());
                if (value != null) {
                    c.merge(value, 1, Integer::sum);
                }
            });
        }
        List<NumericFeature> numeric = new ArrayList<>();
        sums.forEach((name, s) -> {
            double mean = s[0] == 0 ? 0 : s[1] / s[0];
            double variance = s[0] == 0 ? 0 : Math.max(0, s[2] / s[0] - mean * mean);
            numeric.add(new NumericFeature(name, mean, Math.sqrt(variance)));
        });
        List<CategoricalFeature> categorical = new ArrayList<>();
        counts.forEach((name, c) -> categorical.add(new CategoricalFeature(name, c.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_CATEGORIES).map(Map.Entry::getKey).sorted().toList())));
        return new FeatureEncoding(numeric, categorical);
    }

    /** Names of the encoded dimensions: the numeric feature's name, or {@code feature=category}. */
    public List<String> dimensionNames() {
        List<String> names = new ArrayList<>();
        numeric.forEach(f -> names.add(f.name()));
        categorical.forEach(f -> f.categories().forEach(category -> names.add(f.name() + "=" + category)));
        return names;
    }

    public double[] encode(LabelledRow row) {
        double[] vector = new double[dimensions()];
        int i = 0;
        for (NumericFeature feature : numeric) {
            double value = row.number(feature.name());
            vector[i++] = !Double.isFinite(value) || feature.std() == 0 ? 0 : (value - feature.mean()) / feature.std();
        }
        for (CategoricalFeature feature : categorical) {
            String value = row.categorical().get(feature.name());
            int index = value == null ? -1 : Collections.binarySearch(feature.categories(), value);
            if (index >= 0) {
                vector[i + index] = 1;
            }
            i += feature.categories().size();
        }
        return vector;
    }

    public int dimensions() {
        return numeric.size() + categorical.stream().mapToInt(f -> f.categories().size()).sum();
    }
}
