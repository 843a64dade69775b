package io.driftwatch.core.calibration;

import io.driftwatch.core.metric.Binning;
import java.util.Arrays;

/**
 * Upper quantiles of a statistic's no-drift distribution from simulated replicates, extrapolated
 * beyond the sample by a peaks-over-threshold fit with an exponential tail.
 *
 * <p>The per-window probabilities calibration needs (10⁻³ … 10⁻⁶) are far rarer than a few thousand
 * replicates can show. Above a high threshold u, the excesses X − u of a light-tailed statistic are
 * approximately exponential (Pickands–Balkema–de Haan theorem with shape ξ = 0, the Gumbel domain;
 * Coles, <i>An Introduction to Statistical Modeling of Extreme Values</i>, 2001, §4.2–4.3). The fit
 * runs on the statistic's quadratic scale ({@link MonitoredMetric.NullScale#toQuadratic}): PSI, JS²
 * and chi-square are asymptotically quadratic forms of Gaussian vectors, whose tails are
 * x^a·e^{−x/(2λ)}; KS D² and (W1/σ)² are squared suprema / norms of Gaussian processes, whose tails
 * are exponential (for KS exactly: P(n·D² ≥ y) → 2e^{−2y}, Kolmogorov 1933). Fixing ξ = 0 avoids the
 * large variance of an estimated shape.
 *
 * <pre>
 *   k = ⌊B · 0.1⌋ largest of B replicates, u = the (k+1)-th largest, σ̂ = mean(X_(i) − u) over the k
 *   Q(p) = u + σ̂ · ln((k/B) / p)          for p &lt; k/B   (exponential MLE extrapolation)
 *   Q(p) = type-7 empirical quantile at 1 − p otherwise
 * </pre>
 * Accuracy (checked against SciPy, docs/detection-quality.md): exact in the limit for KS (the fitted
 * and true tail probabilities agree to 1% at 10⁻⁵); for χ²₉ (PSI with 10 bins) the true tail
 * probability at the fitted quantile is 0.9·p at p = 6·10⁻³ and 0.35·p at 6·10⁻⁵ — the polynomial
 * factor makes the exponential slightly heavy, so errors are on the side of fewer false alarms.
 */
public final class NullTail {
    /** Fraction of replicates above the threshold u. */
    public static final double TAIL_FRACTION = 0.1;
    /** Fewest replicates accepted: 20 exceedances for σ̂ (relative standard error 1/√20 ≈ 22%). */
    public static final int MIN_REPLICATES = 200;

    private final double[] sorted;
    private final double threshold;
    private final double meanExcess;
    private final double exceedanceProbability;

    private NullTail(double[] sorted, double threshold, double meanExcess, double exceedanceProbability) {
        this.sorted = sorted;
        this.threshold = threshold;
        this.meanExcess = meanExcess;
        this.exceedanceProbability = exceedanceProbability;
    }

    /** Fits the tail of {@code replicates} (finite values on the quadratic scale; copied). */
    public static NullTail fit(double[] replicates) {
        if (replicates.length < MIN_REPLICATES) {
            throw new IllegalArgumentException("need at least " + MIN_REPLICATES + " replicates, got "
                    + replicates.length);
        }
        double[] sorted = replicates.clone();
        Arrays.sort(sorted);
        if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("replicates must be finite");
        }
        int exceedances = (int) Math.floor(sorted.length * TAIL_FRACTION);
        double threshold = sorted[sorted.length - exceedances - 1];
        double excess = 0;
        for (int i = sorted.length - exceedances; i < sorted.length; i++) {
            excess += sorted[i] - threshold;
        }
        return new NullTail(sorted, threshold, excess / exceedances, (double) exceedances / sorted.length);
    }

    /** The value exceeded with probability {@code p} under no drift, on the quadratic scale. */
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        if (p >= exceedanceProbability) {
            return empiricalQuantile(p);
        }
        return threshold + meanExcess * Math.log(exceedanceProbability / p);
    }

    /** Empirical upper quantile of the replicates themselves (for checks of the fit). */
    public double empiricalQuantile(double p) {
        return Binning.type7Quantile(sorted, 1 - p);
    }

    /** u, above which the exponential tail is fitted. */
    public double threshold() {
        return threshold;
    }

    /** σ̂, the fitted exponential scale of the excesses over u. */
    public double meanExcess() {
        return meanExcess;
    }
}
