package io.driftwatch.core.evaluation;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A synthetic model's inputs: ten numeric features of deliberately mixed shapes (symmetric, skewed,
 * heavy-tailed, bounded, bimodal, discrete with ties) and two categorical ones. Every draw comes from
 * a {@link SplittableRandom}, so a seed fixes a stream.
 *
 * <p>{@value #SEASONAL_FEATURE} has a daily cycle of amplitude {@code seasonalAmplitude}:
 * N(20, 3) + A·sin(2π·hour/24). Training rows draw the hour uniformly (the training data covers the
 * whole day); a stream's window sees the hour of its own time.
 */
public final class SyntheticModel {
    /** The feature with a daily cycle (when the amplitude is not 0). */
    public static final String SEASONAL_FEATURE = "temperature_seasonal";

    private record NumericFeature(String name, ToDoubleFunction<SplittableRandom> sampler) {}

    private record CategoricalFeature(String name, String[] categories, double[] trainingMix, double[] alternativeMix) {}

    private static final List<NumericFeature> NUMERIC = List.of(
            new NumericFeature("age_normal", r -> 40 + 12 * r.nextGaussian()),
            new NumericFeature("income_lognormal", r -> Math.exp(10 + 0.5 * r.nextGaussian())),
            new NumericFeature("session_exponential", r -> 3 * exponential(r)),
            new NumericFeature("ratio_uniform", SplittableRandom::nextDouble),
            new NumericFeature("amount_gamma", r -> 50 * gammaOfIntegerShape(r, 2)),
            new NumericFeature("returns_t5", r -> r.nextGaussian() / Math.sqrt(chiSquare(r, 5) / 5)),
            new NumericFeature("latency_bimodal", r -> r.nextDouble() < 0.7 ? 100 + 10 * r.nextGaussian()
                    : 200 + 20 * r.nextGaussian()),
            new NumericFeature("score_beta", r -> {
                double a = gammaOfIntegerShape(r, 2);
                return a / (a + gammaOfIntegerShape(r, 5));
            }),
            new NumericFeature("clicks_poisson", r -> poisson(r, 4)),
            new NumericFeature(SEASONAL_FEATURE, r -> 20 + 3 * r.nextGaussian()));
    private static final List<CategoricalFeature> CATEGORICAL = List.of(
            new CategoricalFeature("channel", new String[] {"web", "app", "store", "phone"},
                    new double[] {0.5, 0.3, 0.15, 0.05}, new double[] {0.3, 0.5, 0.15, 0.05}),
            new CategoricalFeature("country", new String[] {"us", "de", "fr", "gb", "br", "in", "jp", "es", "it", "nl",
                "se", "pl"}, zipf(12), zipf(12)));

    private final double seasonalAmplitude;

    /** @param seasonalAmplitude A of {@value #SEASONAL_FEATURE}'s daily cycle, 0 for none */
    public SyntheticModel(double seasonalAmplitude) {
        this.seasonalAmplitude = seasonalAmplitude;
    }

    /** Names of the numeric features, in a fixed order. */
    public static List<String> numericFeatures() {
        return NUMERIC.stream().map(NumericFeature::name).toList();
    }

    /** Names of the categorical features, in a fixed order. */
    public static List<String> categoricalFeatures() {
        return CATEGORICAL.stream().map(CategoricalFeature::name).toList();
    }

    /** {@code rows} training rows, each at a uniformly random hour of the day. */
    public Dataset training(int rows, SplittableRandom random) {
        List<FeatureColumn> columns = new ArrayList<>();
        for (NumericFeature feature : NUMERIC) {
            double[] values = new double[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = feature.sampler().applyAsDouble(random) + seasonal(feature.name(), 24 * random.nextDouble());
            }
            columns.add(new FeatureColumn.Numeric(feature.name(), values));
        }
        for (CategoricalFeature feature : CATEGORICAL) {
            String[] values = new String[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = feature.categories()[pick(feature.trainingMix(), random)];
            }
            columns.add(new FeatureColumn.Categorical(feature.name(), values));
        }
        return new Dataset("synthetic training data", columns);
    }

    /**
     * One window's values of every feature: {@code n} events at {@code hourOfDay}, perturbed.
     *
     * @param trainingMeans and {@code trainingStdDevs}: per numeric feature, the scale shifts are
     *     measured in and the centre variance changes act around
     */
    public Window window(int n, double hourOfDay, Perturbation perturbation, Map<String, Double> trainingMeans,
                         Map<String, Double> trainingStdDevs, SplittableRandom random) {
        Map<String, double[]> numeric = new LinkedHashMap<>();
        for (NumericFeature feature : NUMERIC) {
            String name = feature.name();
            double shift = perturbation.meanShift(name) * trainingStdDevs.get(name);
            double scale = perturbation.scale(name);
            double mean = trainingMeans.get(name);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                double x = feature.sampler().applyAsDouble(random) + seasonal(name, hourOfDay);
                values[i] = mean + scale * (x - mean) + shift;
            }
            numeric.put(name, values);
        }
        Map<String, String[]> categorical = new LinkedHashMap<>();
        for (CategoricalFeature feature : CATEGORICAL) {
            double blend = perturbation.categoryMix(feature.name());
            double[] mix = new double[feature.trainingMix().length];
            for (int k = 0; k < mix.length; k++) {
                mix[k] = (1 - blend) * feature.trainingMix()[k] + blend * feature.alternativeMix()[k];
            }
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = feature.categories()[pick(mix, random)];
            }
            categorical.put(feature.name(), values);
        }
        return new Window(numeric, categorical);
    }

    /** One window's values per feature. */
    public record Window(Map<String, double[]> numeric, Map<String, String[]> categorical) {}

    private double seasonal(String feature, double hourOfDay) {
        return feature.equals(SEASONAL_FEATURE) ? seasonalAmplitude * Math.sin(2 * Math.PI * hourOfDay / 24) : 0.0;
    }

    private static int pick(double[] mix, SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < mix.length - 1; k++) {
            u -= mix[k];
            if (u < 0) {
                return k;
            }
        }
        return mix.length - 1;
    }

    private static double exponential(SplittableRandom random) {
        return -Math.log(1 - random.nextDouble());
    }

    /** Gamma(shape, 1) for an integer shape: a sum of that many unit exponentials. */
    private static double gammaOfIntegerShape(SplittableRandom random, int shape) {
        double sum = 0;
        for (int i = 0; i < shape; i++) {
            sum += exponential(random);
        }
        return sum;
    }

    private static double chiSquare(SplittableRandom random, int dof) {
        double sum = 0;
        for (int i = 0; i < dof; i++) {
            double z = random.nextGaussian();
            sum += z * z;
        }
        return sum;
    }

    /** Knuth's multiplication method, fine for a small mean. */
    private static double poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** Zipf shares 1/k over k = 1..size, normalised. */
    private static double[] zipf(int size) {
        double[] shares = new double[size];
        double total = 0;
        for (int k = 0; k < size; k++) {
            shares[k] = 1.0 / (k + 1);
            total += shares[k];
        }
        for (int k = 0; k < size; k++) {
            shares[k] /= total;
        }
        return shares;
    }
}
