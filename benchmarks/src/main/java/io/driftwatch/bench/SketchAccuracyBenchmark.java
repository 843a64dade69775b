package io.driftwatch.bench;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.drift.FeatureDrift;
import io.driftwatch.core.metric.KolmogorovSmirnov;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.NumericFeatureBaseline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * How far the drift job's sketch-based metrics are from the exact ones on the same data, against the
 * error bounds the code documents. Pure drift-core: no Flink, no Kafka.
 *
 * <p>For every distribution × shift × window size × seed it draws a reference sample
 * ({@code --reference} values; one per distribution and seed, like one baseline per model version) and
 * a current window, then computes one numeric feature's metrics twice:
 * <ul>
 *   <li><b>as the job does</b> — the baseline from {@link BaselineBuilder#numeric} (quantile bins,
 *       KLL k = 2000, sample σ); the window as {@code WindowProfile} builds it: {@code --partials}
 *       pre-aggregation profiles ({@link NumericProfile}, k = 200, on the baseline's edges and range;
 *       value i goes to partial i mod P, standing in for the salt buckets, four per subtask at
 *       parallelism 1), each through {@link NumericProfile#toBytes}/{@code fromBytes} (the shuffle and
 *       checkpoint format) and merged into the first as the evaluation stage does; then
 *       {@link DriftEvaluator#numeric};</li>
 *   <li><b>exactly</b> — {@link DriftEvaluator#numericExact} on the raw arrays (exact KS over both
 *       ECDFs, exact W1, the same quantile bins).</li>
 * </ul>
 *
 * <p>Bounds checked (a run exits 1 if any is exceeded):
 * <ul>
 *   <li>KS D: |D_sketch − D_exact| ≤ {@code KsResult.dErrorBound()} = ε_ref + ε_cur (KLL normalised rank
 *       errors, ~99% confidence), as documented in {@link KolmogorovSmirnov#test(
 *       org.apache.datasketches.kll.KllDoublesSketch, org.apache.datasketches.kll.KllDoublesSketch)} and
 *       docs/statistics.md ("Sketch error");</li>
 *   <li>W1: |W1_sketch − W1_exact| ≤ {@code WassersteinResult.distanceErrorBound()} = (ε_ref + ε_cur) ·
 *       (max − min), and the same in baseline σ ({@code normalisedErrorBound()}), as documented on
 *       {@code WassersteinResult};</li>
 *   <li>KS p-value: no bound is documented; the one the D bound implies is checked — p_exact must lie in
 *       [p(D_sketch + bound), p(D_sketch − bound)] at the same n and m (p falls as D grows);</li>
 *   <li>PSI, Jensen–Shannon, Hellinger and the out-of-range fraction use exact bin counts and the
 *       baseline's exact range: documented to carry no sketch error, so they must be equal (bound 0).</li>
 * </ul>
 * A KS p-value that is NaN on either path, a binned metric that is NaN on one path only, and an
 * exception from either path (the job's evaluation stage would fail on it) count as exceeded too,
 * with the trial's inputs printed so it can be rerun. The automatic test's verdicts are compared as
 * well (reported, not a bound).
 *
 * <p>The seed fixes the data, not the sketches: KLL compaction flips DataSketches' own random coins,
 * so a rerun of the same trial gives other sketch errors (the bounds are ~99% statements over those
 * coins). The exact side is deterministic.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.driftwatch.bench.SketchAccuracyBenchmark \
 *     [--sizes 1000,10000,100000,1000000] [--seeds 10] [--reference 100000] [--partials 4] \
 *     [--distributions all] [--shifts none,small,large]</pre>
 */
public final class SketchAccuracyBenchmark {
    private static final String FEATURE = "x";
    private static final int BINS = BaselineOptions.DEFAULTS.bins();
    private static final TestSelection.Thresholds TESTS = TestSelection.Thresholds.DEFAULTS;
    private static final String KS_D = "ks_d";
    private static final String KS_P = "ks_p";
    private static final String W1 = "w1";
    private static final String W1_NORMALISED = "w1/σ";
    private static final String BINNED = "psi, js, hellinger, out_of_range";

    /** Draws one value of a distribution moved by a shift given in its standard deviations. */
    @FunctionalInterface
    private interface Sampler {
        double draw(RandomGenerator random, double shiftInSigma);

        /** A location family: X + shift·σ. */
        static Sampler located(double sigma, ToDoubleFunction<RandomGenerator> draw) {
            return (random, shift) -> draw.applyAsDouble(random) + shift * sigma;
        }
    }

    private record Distribution(String name, Sampler sampler) {}

    private static final List<Distribution> DISTRIBUTIONS = List.of(
            new Distribution("normal", Sampler.located(1, RandomGenerator::nextGaussian)),
            new Distribution("lognormal", Sampler.located(Math.sqrt((Math.E - 1) * Math.E),
                    r -> Math.exp(r.nextGaussian()))),
            new Distribution("exponential", Sampler.located(1, RandomGenerator::nextExponential)),
            new Distribution("uniform", Sampler.located(Math.sqrt(1.0 / 12), RandomGenerator::nextDouble)),
            // Half N(−2, 0.5²), half N(2, 1²): variance ½(0.25 + 1) + 4.
            new Distribution("bimodal", Sampler.located(Math.sqrt(4.625),
                    r -> r.nextBoolean() ? -2 + 0.5 * r.nextGaussian() : 2 + r.nextGaussian())),
            // Binomial(40, ½) (σ = √10): about 20 common values, so nearly every value ties; shifted by
            // whole units so the shifted values still tie with the reference's.
            new Distribution("discrete", (r, shift) -> Long.bitCount(r.nextLong() & 0xFF_FFFF_FFFFL)
                    + Math.rint(shift * Math.sqrt(10))),
            // A 0/1 flag, P(1) = ½ moved by shift·σ (σ = ½): the extreme of ties, two values.
            new Distribution("binary", (r, shift) -> r.nextDouble() < 0.5 + 0.5 * shift ? 1.0 : 0.0),
            // 99% exactly 5, 1% N(5, 1) (σ ≈ 0.1): a feature that is almost constant.
            new Distribution("constant-ish", Sampler.located(0.1,
                    r -> r.nextDouble() < 0.99 ? 5.0 : 5 + r.nextGaussian())));

    /** Location shifts of the current window, in σ of its distribution. */
    private static final Map<String, Double> SHIFTS = Map.of("none", 0.0, "small", 0.2, "large", 1.0);

    /** One metric's error in a trial, the bound it must stay within, and the values behind it. */
    private record Check(String metric, double error, double bound, String values) {
        boolean violated() {
            return !(error <= bound);
        }

        /** error / bound; 0 for no error, ∞ for an error against a bound of 0 or a NaN. */
        double ratio() {
            return error == 0 ? 0 : bound == 0 || Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / bound;
        }
    }

    /** The inputs of one comparison, enough to reproduce it ({@code --distributions d --shifts s --sizes n --seeds}). */
    private record Trial(String distribution, String shift, int size, int seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s, shift %s, window %,d, seed %d", distribution, shift, size, seed);
        }
    }

    /** The worst error of each metric over a group of trials, and how many trials failed to evaluate. */
    private static final class Worst {
        final Map<String, Check> largestError = new LinkedHashMap<>();
        final Map<String, Double> largestRatio = new LinkedHashMap<>();
        final Map<String, Integer> violations = new LinkedHashMap<>();
        int trials;
        int failures;

        void add(Check check) {
            largestError.merge(check.metric(), check, (a, b) -> Double.compare(b.error(), a.error()) > 0 ? b : a);
            largestRatio.merge(check.metric(), check.ratio(), Math::max);
            violations.merge(check.metric(), check.violated() ? 1 : 0, Integer::sum);
        }

        String error(String metric) {
            Check check = largestError.get(metric);
            return check == null ? "–" : String.format(Locale.ROOT, "%.2g", check.error());
        }

        String ratio(String metric) {
            Double ratio = largestRatio.get(metric);
            return ratio == null ? "–" : Double.isInfinite(ratio) ? "**∞**" : String.format(Locale.ROOT, "%.2f", ratio);
        }
    }

    private final int referenceSize;
    private final int partials;
    private final Map<String, Worst> byDistribution = new LinkedHashMap<>();
    private final Map<Integer, Worst> bySize = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private int verdicts;
    private int verdictDisagreements;

    private SketchAccuracyBenchmark(int referenceSize, int partials) {
        this.referenceSize = referenceSize;
        this.partials = partials;
    }

    public static void main(String[] args) {
        Map<String, String> options = Options.parse(args, Map.of("sizes", "1000,10000,100000,1000000", "seeds", "10",
                "reference", "100000", "partials", "4", "distributions", "all", "shifts", "none,small,large"));
        List<Distribution> distributions = options.get("distributions").equals("all") ? DISTRIBUTIONS
                : Arrays.stream(options.get("distributions").split(",")).map(String::trim)
                        .map(name -> DISTRIBUTIONS.stream().filter(d -> d.name().equals(name)).findFirst()
                                .orElseThrow(() -> new IllegalArgumentException("unknown distribution " + name)))
                        .toList();
        List<String> shifts = Arrays.stream(options.get("shifts").split(",")).map(String::trim).toList();
        shifts.forEach(shift -> Objects.requireNonNull(SHIFTS.get(shift), "unknown shift " + shift));
        int[] sizes = Arrays.stream(options.get("sizes").split(",")).map(String::trim).mapToInt(Integer::parseInt)
                .toArray();
        SketchAccuracyBenchmark benchmark = new SketchAccuracyBenchmark(Integer.parseInt(options.get("reference")),
                Integer.parseInt(options.get("partials")));
        long start = System.nanoTime();
        for (Distribution distribution : distributions) {
            for (int seed = 1; seed <= Integer.parseInt(options.get("seeds")); seed++) {
                benchmark.compare(distribution, seed, shifts, sizes);
            }
        }
        benchmark.report((System.nanoTime() - start) / 1e9);
        System.exit(benchmark.violations.isEmpty() ? 0 : 1);
    }

    /** All shifts and window sizes of one distribution against one reference sample. */
    private void compare(Distribution distribution, int seed, List<String> shifts, int[] sizes) {
        double[] reference = draw(distribution, new SplittableRandom(Objects.hash(distribution.name(), seed)),
                referenceSize, 0);
        NumericFeatureBaseline baseline = BaselineBuilder.numeric(new FeatureColumn.Numeric(FEATURE, reference),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        for (String shift : shifts) {
            for (int size : sizes) {
                Trial trial = new Trial(distribution.name(), shift, size, seed);
                SplittableRandom random = new SplittableRandom(Objects.hash(distribution.name(), shift, size, seed));
                double[] current = draw(distribution, random, size, SHIFTS.get(shift));
                Worst[] groups = {byDistribution.computeIfAbsent(trial.distribution(), k -> new Worst()),
                        bySize.computeIfAbsent(trial.size(), k -> new Worst())};
                Arrays.stream(groups).forEach(group -> group.trials++);
                Optional<FeatureDrift.Numeric> sketched = evaluate(trial, "job (sketch) path",
                        () -> DriftEvaluator.numeric(baseline, windowProfile(baseline, current), TESTS), groups);
                Optional<FeatureDrift.Numeric> exact = evaluate(trial, "exact path",
                        () -> DriftEvaluator.numericExact(FEATURE, reference, current, BINS, TESTS), groups);
                if (sketched.isEmpty() || exact.isEmpty()) {
                    continue;
                }
                for (Check check : checks(sketched.get(), exact.get())) {
                    Arrays.stream(groups).forEach(group -> group.add(check));
                    if (check.violated()) {
                        violation(String.format(Locale.ROOT, "%s: error %.6g > bound %.6g (%s)", check.metric(),
                                check.error(), check.bound(), check.values()), trial);
                    }
                }
                verdicts++;
                if (sketched.get().verdict().drifted() != exact.get().verdict().drifted()) {
                    verdictDisagreements++;
                    System.out.printf(Locale.ROOT, "verdicts differ (%s): %s %.6g sketch vs %.6g exact, threshold %s "
                                    + "(KS D %.4f sketch vs %.4f exact)%n", trial, sketched.get().verdict().metric(),
                            sketched.get().verdict().value(), exact.get().verdict().value(),
                            sketched.get().verdict().threshold(), sketched.get().ks().d(), exact.get().ks().d());
                }
            }
        }
    }

    /** Runs one evaluation path; a failure is a violation (the job's evaluation stage would fail the same way). */
    private Optional<FeatureDrift.Numeric> evaluate(Trial trial, String path, Supplier<FeatureDrift.Numeric> evaluation,
                                                    Worst[] groups) {
        try {
            return Optional.of(evaluation.get());
        } catch (RuntimeException e) {
            Arrays.stream(groups).forEach(group -> group.failures++);
            violation(path + " threw " + e, trial);
            return Optional.empty();
        }
    }

    private void violation(String what, Trial trial) {
        String line = "BOUND EXCEEDED: " + what + " (" + trial + ")";
        violations.add(line);
        System.out.println(line);
    }

    private static double[] draw(Distribution distribution, RandomGenerator random, int size, double shiftInSigma) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = distribution.sampler().draw(random, shiftInSigma);
        }
        return values;
    }

    /**
     * The window's profile as the job builds it: partial profiles on the baseline's edges and range
     * (WindowProfile.forBaseline), each serialised and read back, merged into the first.
     */
    private NumericProfile windowProfile(NumericFeatureBaseline baseline, double[] values) {
        double[] edges = baseline.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray();
        List<NumericProfile> parts = new ArrayList<>();
        for (int p = 0; p < partials; p++) {
            parts.add(NumericProfile.create(edges, baseline.getMin(), baseline.getMax(),
                    NumericProfile.DEFAULT_WINDOW_K));
        }
        for (int i = 0; i < values.length; i++) {
            parts.get(i % partials).add(values[i]);
        }
        NumericProfile merged = NumericProfile.fromBytes(parts.get(0).toBytes());
        for (NumericProfile part : parts.subList(1, partials)) {
            merged.merge(NumericProfile.fromBytes(part.toBytes()));
        }
        return merged;
    }

    private static List<Check> checks(FeatureDrift.Numeric sketched, FeatureDrift.Numeric exact) {
        double dBound = sketched.ks().dErrorBound();
        double d = sketched.ks().d();
        double pExact = exact.ks().pValue();
        double pHigh = pValue(Math.max(0, d - dBound), sketched.referenceCount(), sketched.currentCount(), 1);
        double pLow = pValue(Math.min(1, d + dBound), sketched.referenceCount(), sketched.currentCount(), 0);
        double pOutside = Double.isNaN(pExact) || Double.isNaN(sketched.ks().pValue()) ? Double.NaN
                : pExact < pLow ? pLow - pExact : pExact > pHigh ? pExact - pHigh : 0;
        double binned = Math.max(Math.max(difference(sketched.psi(), exact.psi()),
                        difference(sketched.jensenShannon(), exact.jensenShannon())),
                Math.max(difference(sketched.hellinger(), exact.hellinger()),
                        difference(sketched.outOfRangeFraction(), exact.outOfRangeFraction())));
        String ks = String.format(Locale.ROOT, "D sketch %.6g, exact %.6g; p sketch %.6g, exact %.6g, implied "
                        + "interval [%.6g, %.6g]; n %d, m %d", d, exact.ks().d(), sketched.ks().pValue(), pExact, pLow,
                pHigh, sketched.referenceCount(), sketched.currentCount());
        String w1 = String.format(Locale.ROOT, "W1 sketch %.6g, exact %.6g; σ sketch %.6g, exact %.6g",
                sketched.wasserstein().distance(), exact.wasserstein().distance(), sketched.wasserstein().normaliser(),
                exact.wasserstein().normaliser());
        String bins = String.format(Locale.ROOT, "PSI %s / %s, JS %s / %s, Hellinger %s / %s, out of range %s / %s",
                sketched.psi(), exact.psi(), sketched.jensenShannon(), exact.jensenShannon(), sketched.hellinger(),
                exact.hellinger(), sketched.outOfRangeFraction(), exact.outOfRangeFraction());
        return List.of(
                new Check(KS_D, Math.abs(d - exact.ks().d()), dBound, ks),
                new Check(KS_P, pOutside, 0, ks),
                new Check(W1, Math.abs(sketched.wasserstein().distance() - exact.wasserstein().distance()),
                        sketched.wasserstein().distanceErrorBound(), w1),
                new Check(W1_NORMALISED, Math.abs(sketched.wasserstein().normalised() - exact.wasserstein().normalised()),
                        sketched.wasserstein().normalisedErrorBound(), w1),
                new Check(BINNED, binned, 0, bins));
    }

    /**
     * The job's p-value of D at sample sizes n and m (the dispatch of {@code KolmogorovSmirnov.test}), for
     * an end of the implied interval; where that computation fails (NaN or an exception, see BENCHMARKS.md)
     * the trivial bound {@code fallback} (1 for the upper end, 0 for the lower) keeps the interval sound.
     */
    private static double pValue(double d, long n, long m, double fallback) {
        try {
            double p = (double) n * m < KolmogorovSmirnov.EXACT_P_MAX_PRODUCT
                    ? KolmogorovSmirnov.exactPValue(d, (int) n, (int) m)
                    : KolmogorovSmirnov.asymptoticPValue(d, Math.round((double) n * m / (n + m)));
            return Double.isNaN(p) ? fallback : p;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** |a − b|; NaN on exactly one side is an infinite error. */
    private static double difference(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b);
    }

    private void report(double seconds) {
        System.out.printf(Locale.ROOT, "%nreference %,d values per distribution and seed (baseline: %d bins, KLL k=%d); "
                        + "window profiles: %d partials merged, KLL k=%d; %.0f s%n%n", referenceSize, BINS,
                BaselineOptions.DEFAULTS.sketchK(), partials, NumericProfile.DEFAULT_WINDOW_K, seconds);
        table("distribution", byDistribution);
        System.out.println();
        table("window", bySize);
        System.out.printf(Locale.ROOT, "%nverdicts (automatic test) differing between sketch and exact: %d of %d%n",
                verdictDisagreements, verdicts);
        System.out.println(violations.isEmpty() ? "every error within its bound"
                : violations.size() + " bound(s) exceeded or evaluation(s) failed (listed above)");
    }

    /**
     * Largest error and largest error/bound per metric (W1 in feature units has the same ratio as W1/σ,
     * so only W1/σ is shown); KS p: trials with a NaN p-value or p_exact outside the interval the D bound
     * implies; trials where an evaluation path threw.
     */
    private static void table(String group, Map<?, Worst> rows) {
        System.out.println("| " + group + " | trials | KS D max \\|Δ\\| | ÷ bound | W1/σ max \\|Δ\\| | ÷ bound "
                + "| PSI, JS, Hellinger, out-of-range max \\|Δ\\| | KS p NaN or outside its interval | evaluation threw |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach((key, worst) -> System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %d | %d |%n",
                key instanceof Integer size ? String.format(Locale.ROOT, "%,d", size) : key, worst.trials,
                worst.error(KS_D), worst.ratio(KS_D), worst.error(W1_NORMALISED), worst.ratio(W1_NORMALISED),
                worst.error(BINNED), worst.violations.getOrDefault(KS_P, 0), worst.failures));
    }
}
