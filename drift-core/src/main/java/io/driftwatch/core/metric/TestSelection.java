package io.driftwatch.core.metric;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Chooses the drift test for a feature from its type and the current window's size, in the spirit of
 * Evidently's default drift method selection (docs.evidentlyai.com, "Data drift algorithm"):
 *
 * <pre>
 *   numeric,     n_cur ≤ 1000 : two-sample KS,        drifted if p &lt; 0.05 and D ≥ 0.1
 *   numeric,     n_cur &gt; 1000 : Wasserstein-1 / σ_ref, drifted if ≥ 0.1
 *   categorical, n_cur ≤ 1000 : chi-square homogeneity, drifted if p &lt; 0.05
 *   categorical, n_cur &gt; 1000 : Jensen–Shannon (base 2), drifted if ≥ 0.1
 * </pre>
 * Why: p-values are the right tool while samples are small, but at large n every tiny shift becomes
 * "significant", so large windows are judged by an effect size instead; KS additionally needs an
 * effect-size floor on D for the same reason. Unlike Evidently, numeric features with few distinct
 * values are not re-routed to categorical tests: the caller decides a feature's type once, in its
 * baseline. An empty current window is never drifted (every metric is 0 or p = 1 there).
 */
public final class TestSelection {
    /** Largest current window judged by a p-value; larger windows are judged by an effect size. */
    public static final long SMALL_SAMPLE_MAX = 1000;

    /**
     * Thresholds of the automatic tests.
     *
     * @param ksPValue KS drifts below this p-value ...
     * @param ksMinD ... and only if D is at least this effect size
     * @param wassersteinNormalised normalised W1 at or above this drifts
     * @param chiSquarePValue chi-square drifts below this p-value
     * @param jensenShannon JS distance at or above this drifts
     */
    public record Thresholds(double ksPValue, double ksMinD, double wassersteinNormalised, double chiSquarePValue,
            double jensenShannon) {
        /** Evidently's defaults, plus a KS effect-size floor of 0.1. */
        public static final Thresholds DEFAULTS = new Thresholds(0.05, 0.1, 0.1, 0.05, 0.1);

        public Thresholds {
            requireProbability("ksPValue", ksPValue);
            requireProbability("ksMinD", ksMinD);
            requireProbability("chiSquarePValue", chiSquarePValue);
            requireProbability("jensenShannon", jensenShannon);
            if (!(wassersteinNormalised >= 0) || Double.isInfinite(wassersteinNormalised)) {
                throw new IllegalArgumentException("wassersteinNormalised must be finite and >= 0, got "
                        + wassersteinNormalised);
            }
        }

        private static void requireProbability(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
            }
        }
    }

    private TestSelection() {}

    /** Drift verdict of a numeric feature from exact samples (σ of the reference sample normalises W1). */
    public static DriftVerdict numeric(double[] reference, double[] current, Thresholds thresholds) {
        return numeric(current.length, () -> KolmogorovSmirnov.test(reference, current),
                () -> Wasserstein.compare(reference, current), thresholds);
    }

    /**
     * Drift verdict of a numeric feature from already computed KS and Wasserstein results (so a caller
     * that reports both does not compute them twice); the same rule as the other overloads.
     */
    public static DriftVerdict numeric(KsResult ks, WassersteinResult wasserstein, long currentCount,
            Thresholds thresholds) {
        return numeric(currentCount, () -> ks, () -> wasserstein, thresholds);
    }

    /** The one numeric rule: KS for small current windows, Wasserstein otherwise; only the chosen one is computed. */
    private static DriftVerdict numeric(long currentCount, Supplier<KsResult> ks, Supplier<WassersteinResult> wasserstein,
            Thresholds thresholds) {
        return currentCount <= SMALL_SAMPLE_MAX ? ksVerdict(ks.get(), thresholds)
                : wassersteinVerdict(wasserstein.get(), thresholds);
    }

    /** Drift verdict of a numeric feature from KLL sketches, W1 normalised by the baseline's σ. */
    public static DriftVerdict numeric(KllDoublesSketch reference, KllDoublesSketch current, double baselineStd,
            Thresholds thresholds) {
        return numeric(current.getN(), () -> KolmogorovSmirnov.test(reference, current),
                () -> Wasserstein.compare(reference, current, baselineStd), thresholds);
    }

    /** Drift verdict of a categorical feature from category counts, over the union of categories. */
    public static DriftVerdict categorical(Map<String, ? extends Number> referenceCounts,
            Map<String, ? extends Number> currentCounts, Thresholds thresholds) {
        AlignedCategories aligned = AlignedCategories.union(referenceCounts, currentCounts);
        if (Distributions.total(aligned.current()) <= SMALL_SAMPLE_MAX) {
            double p = ChiSquare.homogeneity(aligned.reference(), aligned.current()).pValue();
            return new DriftVerdict(DriftVerdict.Metric.CHI_SQUARE_P_VALUE, p, thresholds.chiSquarePValue(),
                    p < thresholds.chiSquarePValue(), "chi-square p < " + thresholds.chiSquarePValue()
                            + " (n_cur <= " + SMALL_SAMPLE_MAX + ")");
        }
        double js = JensenShannon.distance(aligned.reference(), aligned.current());
        return new DriftVerdict(DriftVerdict.Metric.JENSEN_SHANNON, js, thresholds.jensenShannon(),
                js >= thresholds.jensenShannon(), "Jensen-Shannon distance >= " + thresholds.jensenShannon()
                        + " (n_cur > " + SMALL_SAMPLE_MAX + ")");
    }

    private static DriftVerdict ksVerdict(KsResult ks, Thresholds thresholds) {
        boolean drifted = ks.pValue() < thresholds.ksPValue() && ks.d() >= thresholds.ksMinD();
        return new DriftVerdict(DriftVerdict.Metric.KS_P_VALUE, ks.pValue(), thresholds.ksPValue(), drifted,
                "KS p < " + thresholds.ksPValue() + " and D >= " + thresholds.ksMinD() + " (D = " + ks.d()
                        + ", n_cur <= " + SMALL_SAMPLE_MAX + ")");
    }

    private static DriftVerdict wassersteinVerdict(WassersteinResult w, Thresholds thresholds) {
        double value = w.normalised();
        return new DriftVerdict(DriftVerdict.Metric.WASSERSTEIN_NORMALISED, value, thresholds.wassersteinNormalised(),
                value >= thresholds.wassersteinNormalised(), "Wasserstein-1 / baseline std >= "
                        + thresholds.wassersteinNormalised() + " (n_cur > " + SMALL_SAMPLE_MAX + ")");
    }
}
