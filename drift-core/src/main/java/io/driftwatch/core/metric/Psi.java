package io.driftwatch.core.metric;

import java.util.Map;

/**
 * Population Stability Index between a reference (training) distribution and a current window.
 *
 * <pre>
 *   PSI = Σ_k (q_k − p_k) · ln(q_k / p_k)
 * </pre>
 * with {@code p_k}, {@code q_k} the reference and current proportions in bin (or category) k
 * (Siddiqi, <i>Credit Risk Scorecards</i>, Wiley 2006, ch. 8; Yurdakul, "Statistical properties of
 * the population stability index", 2018). PSI is the symmetrised Kullback–Leibler divergence
 * KL(q‖p) + KL(p‖q), so it is ≥ 0 and 0 only for identical proportions.
 *
 * <p>Zero proportions: a proportion exactly 0 is replaced by {@link #EPSILON} on either side, with no
 * renormalisation — the convention of the SciPy reference vectors ({@code shared/vectors},
 * {@code zero_handling}). Because only exact zeros are replaced, a tiny non-zero proportion is kept
 * as is (so this equals the {@code clip_eps} variant, max(p, ε), whenever no proportion lies in (0, ε)).
 *
 * <p>Degenerate inputs: an empty current window (all counts 0) gives 0 — no evidence of drift, the
 * window's count reports it; a reference without observations, mismatched bin counts or zero bins
 * are invalid ({@link IllegalArgumentException}). The result is always finite.
 *
 * <p>Conventional thresholds ({@link #WARNING}, {@link #CRITICAL}) are Siddiqi's 0.1 / 0.25.
 */
public final class Psi {
    /** Stand-in for a proportion that is exactly 0, so that ln(q/p) stays finite. */
    public static final double EPSILON = 1e-4;
    /** PSI ≥ 0.1: a moderate shift worth a look. */
    public static final double WARNING = 0.1;
    /** PSI ≥ 0.25: a major shift. */
    public static final double CRITICAL = 0.25;

    private Psi() {}

    /**
     * PSI between two weight vectors over the same bins; each side is divided by its own total, so
     * counts and proportions are both accepted.
     */
    public static double of(double[] reference, double[] current) {
        return Distributions.compare(reference, current, Psi::fromProportions);
    }

    /** PSI of a window's counts in the baseline bins against the baseline's bin fractions. */
    public static double of(double[] referenceFractions, long[] currentCounts) {
        return of(referenceFractions, Distributions.toDoubles(currentCounts));
    }

    /** PSI of a categorical feature over the union of both sides' categories (counts or frequencies). */
    public static double categorical(Map<String, ? extends Number> reference, Map<String, ? extends Number> current) {
        AlignedCategories aligned = AlignedCategories.union(reference, current);
        return of(aligned.reference(), aligned.current());
    }

    /**
     * PSI of a categorical feature over the reference's categories, current categories unknown to the
     * reference summed into {@code unseenBucket} (see {@link AlignedCategories#foldingUnseen}).
     */
    public static double categorical(Map<String, ? extends Number> reference, Map<String, ? extends Number> current,
            String unseenBucket) {
        AlignedCategories aligned = AlignedCategories.foldingUnseen(reference, current, unseenBucket);
        return of(aligned.reference(), aligned.current());
    }

    private static double fromProportions(double[] p, double[] q) {
        double psi = 0;
        for (int k = 0; k < p.length; k++) {
            double pk = p[k] == 0 ? EPSILON : p[k];
            double qk = q[k] == 0 ? EPSILON : q[k];
            psi += (qk - pk) * Math.log(qk / pk);
        }
        return psi;
    }
}
