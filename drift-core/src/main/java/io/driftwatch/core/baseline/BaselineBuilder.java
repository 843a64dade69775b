package io.driftwatch.core.baseline;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.core.metric.Binning;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Builds the training baseline of a model version from its training data.
 *
 * <p>Numeric feature: exact type-7 quantile bin edges ({@link Binning}), the exact training
 * fraction per bin, a KLL sketch, count, missing fraction, min, max, mean, sample standard
 * deviation. Categorical feature: the {@code maxCategories} most frequent categories with their
 * fractions (ties broken by name so the result is deterministic), the rest folded into
 * {@code other_fraction}. Degenerate data never yields NaN: a constant feature gets equal edges and
 * std 0; a feature missing in every row is left out with a warning; fewer rows than ten per bin
 * give a warning that PSI will be noisy.
 */
public final class BaselineBuilder {
    private BaselineBuilder() {}

    /** Which columns play which role; columns not named as prediction are input features. */
    public record Roles(Optional<String> scoreColumn, Optional<String> predictedClassColumn) {
        public static final Roles FEATURES_ONLY = new Roles(Optional.empty(), Optional.empty());
    }

    /** The baseline plus what the user should know about it. */
    public record Result(Baseline baseline, List<String> warnings) {}

    public static Result build(String modelId, String modelVersion, Dataset data, Roles roles,
                               BaselineOptions options, Instant createdAt) {
        Objects.requireNonNull(data, "data");
        if (data.rows() == 0) {
            throw new IllegalArgumentException(data.source() + ": no rows to build a baseline from");
        }
        List<String> warnings = new ArrayList<>();
        if (data.rows() < 10 * options.bins()) {
            warnings.add(data.rows() + " rows for " + options.bins() + " bins: fewer than 10 per bin, PSI will be noisy");
        }
        List<NumericFeatureBaseline> numeric = new ArrayList<>();
        List<CategoricalFeatureBaseline> categorical = new ArrayList<>();
        NumericFeatureBaseline score = null;
        CategoricalFeatureBaseline predictedClass = null;
        for (FeatureColumn column : data.columns()) {
            if (column instanceof FeatureColumn.Numeric n) {
                Optional<NumericFeatureBaseline> built = numeric(n, options, warnings);
                if (roles.scoreColumn().filter(n.name()::equals).isPresent()) {
                    score = built.orElse(null);
                } else {
                    built.ifPresent(numeric::add);
                }
            } else {
                FeatureColumn.Categorical c = (FeatureColumn.Categorical) column;
                Optional<CategoricalFeatureBaseline> built = categorical(c, options, warnings);
                if (roles.predictedClassColumn().filter(c.name()::equals).isPresent()) {
                    predictedClass = built.orElse(null);
                } else {
                    built.ifPresent(categorical::add);
                }
            }
        }
        roles.scoreColumn().filter(name -> data.column(name).isEmpty())
                .ifPresent(name -> warnings.add("score column '" + name + "' not found"));
        roles.predictedClassColumn().filter(name -> data.column(name).isEmpty())
                .ifPresent(name -> warnings.add("predicted class column '" + name + "' not found"));
        Baseline baseline = Baseline.newBuilder()
                .setModelId(modelId)
                .setModelVersion(modelVersion)
                .setCreatedAt(createdAt)
                .setRowCount(data.rows())
                .setNumericFeatures(numeric)
                .setCategoricalFeatures(categorical)
                .setPredictionScore(score)
                .setPredictedClass(predictedClass)
                .setSource(data.source())
                .build();
        return new Result(baseline, List.copyOf(warnings));
    }

    /** Baseline of one numeric column, or empty (with a warning) when every value is missing. */
    public static Optional<NumericFeatureBaseline> numeric(FeatureColumn.Numeric column, BaselineOptions options,
                                                           List<String> warnings) {
        double[] present = Arrays.stream(column.values()).filter(Double::isFinite).sorted().toArray();
        if (present.length == 0) {
            warnings.add("feature '" + column.name() + "' is missing in all " + column.size()
                    + " rows; it is not monitored");
            return Optional.empty();
        }
        double[] edges = Binning.quantileEdges(present, options.bins());
        double[] fractions = Binning.fractions(Binning.counts(edges, present));
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(options.sketchK());
        double sum = 0;
        for (double v : present) {
            sketch.update(v);
            sum += v;
        }
        double mean = sum / present.length;
        double squares = 0;
        for (double v : present) {
            squares += (v - mean) * (v - mean);
        }
        double std = present.length < 2 ? 0.0 : Math.sqrt(squares / (present.length - 1));
        if (std == 0.0) {
            warnings.add("feature '" + column.name() + "' is constant (" + present[0]
                    + "); any change will show as drift");
        }
        return Optional.of(NumericFeatureBaseline.newBuilder()
                .setName(column.name())
                .setBinEdges(toList(edges))
                .setBinFractions(toList(fractions))
                .setKllSketch(ByteBuffer.wrap(sketch.toByteArray()))
                .setCount(present.length)
                .setMissingFraction((double) (column.size() - present.length) / column.size())
                .setMin(present[0])
                .setMax(present[present.length - 1])
                .setMean(mean)
                .setStdDev(std)
                .build());
    }

    /** Baseline of one categorical column, or empty (with a warning) when every value is missing. */
    public static Optional<CategoricalFeatureBaseline> categorical(FeatureColumn.Categorical column,
                                                                   BaselineOptions options, List<String> warnings) {
        Map<String, Long> counts = new HashMap<>();
        long present = 0;
        for (String value : column.values()) {
            if (value != null) {
                counts.merge(value, 1L, Long::sum);
                present++;
            }
        }
        if (present == 0) {
            warnings.add("feature '" + column.name() + "' is missing in all " + column.size()
                    + " rows; it is not monitored");
            return Optional.empty();
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Double> frequencies = new LinkedHashMap<>();
        long kept = 0;
        for (Map.Entry<String, Long> entry : ranked.subList(0, Math.min(ranked.size(), options.maxCategories()))) {
            frequencies.put(entry.getKey(), (double) entry.getValue() / present);
            kept += entry.getValue();
        }
        if (ranked.size() > options.maxCategories()) {
            warnings.add("feature '" + column.name() + "' has " + ranked.size() + " categories; the "
                    + (ranked.size() - options.maxCategories()) + " rarest are folded into 'other'");
        }
        return Optional.of(CategoricalFeatureBaseline.newBuilder()
                .setName(column.name())
                .setFrequencies(frequencies)
                .setOtherFraction((double) (present - kept) / present)
                .setCount(present)
                .setMissingFraction((double) (column.size() - present) / column.size())
                .build());
    }

    private static List<Double> toList(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
