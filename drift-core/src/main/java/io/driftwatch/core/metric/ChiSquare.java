package io.driftwatch.core.metric;

import java.util.Map;
import org.apache.commons.math3.special.Gamma;

/**
 * Pearson chi-square tests of a categorical feature (Pearson 1900; Agresti, <i>Categorical Data
 * Analysis</i>, 3rd ed., §1.5 and §3.2).
 *
 * <p><b>Homogeneity</b> ({@link #homogeneity}), SciPy {@code chi2_contingency([ref, cur])}: the 2×K table
 * of reference and current counts, columns that are 0 in both rows dropped,
 * {@code E_ik = row_i · col_k / N}, {@code χ² = Σ (O_ik − E_ik)² / E_ik}, dof = K − 1. With dof = 1 Yates'
 * continuity correction moves each O towards E by min(0.5, |O − E|), as SciPy does by default. Both
 * samples are treated as random, so this is the test for a baseline that is itself a sample.
 *
 * <p><b>Goodness of fit</b> ({@link #goodnessOfFit}), SciPy {@code chisquare(f_obs=cur, f_exp=p_ref·n_cur)}:
 * the reference proportions are taken as known, {@code E_k = p_k · n_cur}, dof = K − 1 over categories
 * with E_k &gt; 0 or O_k &gt; 0. A category with reference proportion 0 but a current count &gt; 0 is
 * impossible under the null hypothesis: the statistic is +∞ and p = 0 (SciPy would divide by zero).
 *
 * <p>p-values are {@code Q(dof/2, χ²/2)}, the regularised upper incomplete gamma function (commons-math
 * {@link Gamma#regularizedGammaQ}, the complement of {@code ChiSquaredDistribution.cumulativeProbability}),
 * computed directly so that tiny p-values such as 1e-131 do not underflow to 1 − 1 = 0.
 *
 * <p>Degenerate inputs: an empty current window or a single non-empty category gives statistic 0,
 * p = 1, dof 0; a reference without observations, negative or non-finite counts, or mismatched
 * categories are an {@link IllegalArgumentException}.
 */
public final class ChiSquare {
    private static final double YATES_MAX_SHIFT = 0.5;

    private ChiSquare() {}

    /** Homogeneity test of two count vectors over the same categories. */
    public static ChiSquareResult homogeneity(double[] referenceCounts, double[] currentCounts) {
        if (isEmptyWindow(referenceCounts, currentCounts)) {
            return ChiSquareResult.NO_EVIDENCE;
        }
        Distributions.proportions(referenceCounts, "reference"); // validates a non-empty reference
        double refTotal = Distributions.total(referenceCounts);
        double curTotal = Distributions.total(currentCounts);
        double total = refTotal + curTotal;
        int dof = countNonEmpty(referenceCounts, currentCounts) - 1;
        boolean yates = dof == 1;
        double statistic = 0;
        for (int k = 0; k < referenceCounts.length; k++) {
            double column = referenceCounts[k] + currentCounts[k];
            if (column > 0) {
                statistic += pearsonTerm(referenceCounts[k], refTotal * column / total, yates)
                        + pearsonTerm(currentCounts[k], curTotal * column / total, yates);
            }
        }
        return withPValue(statistic, dof);
    }

    /** Homogeneity test over the union of both maps' categories. */
    public static ChiSquareResult homogeneity(Map<String, ? extends Number> referenceCounts,
            Map<String, ? extends Number> currentCounts) {
        AlignedCategories aligned = AlignedCategories.union(referenceCounts, currentCounts);
        return homogeneity(aligned.reference(), aligned.current());
    }

    /**
     * Goodness of fit of current counts to reference proportions (reference weights are normalised, so
     * reference counts are accepted too).
     */
    public static ChiSquareResult goodnessOfFit(double[] referenceWeights, double[] currentCounts) {
        if (isEmptyWindow(referenceWeights, currentCounts)) {
            return ChiSquareResult.NO_EVIDENCE;
        }
        double[] proportions = Distributions.proportions(referenceWeights, "reference");
        double curTotal = Distributions.total(currentCounts);
        int dof = countNonEmpty(referenceWeights, currentCounts) - 1;
        double statistic = 0;
        for (int k = 0; k < proportions.length; k++) {
            double expected = proportions[k] * curTotal;
            if (expected == 0 && currentCounts[k] > 0) {
                return new ChiSquareResult(Double.POSITIVE_INFINITY, 0.0, dof);
            }
            if (expected > 0) {
                statistic += pearsonTerm(currentCounts[k], expected, false);
            }
        }
        return withPValue(statistic, dof);
    }

    /** Goodness of fit over the union of both maps' categories. */
    public static ChiSquareResult goodnessOfFit(Map<String, ? extends Number> referenceWeights,
            Map<String, ? extends Number> currentCounts) {
        AlignedCategories aligned = AlignedCategories.union(referenceWeights, currentCounts);
        return goodnessOfFit(aligned.reference(), aligned.current());
    }

    /** Validates the shapes and the current counts; true when the current window has no observations. */
    private static boolean isEmptyWindow(double[] reference, double[] current) {
        Distributions.requireSameBins(reference, current);
        Distributions.requireNonNegativeFinite(current, "current");
        return Distributions.total(current) == 0;
    }

    private static int countNonEmpty(double[] reference, double[] current) {
        int count = 0;
        for (int k = 0; k < reference.length; k++) {
            if (reference[k] + current[k] > 0) {
                count++;
            }
        }
        return count;
    }

    private static double pearsonTerm(double observed, double expected, boolean yates) {
        double diff = Math.abs(observed - expected);
        if (yates) {
            diff -= Math.min(YATES_MAX_SHIFT, diff);
        }
        return diff * diff / expected;
    }

    private static ChiSquareResult withPValue(double statistic, int dof) {
        if (dof <= 0) {
            return ChiSquareResult.NO_EVIDENCE;
        }
        return new ChiSquareResult(statistic, Gamma.regularizedGammaQ(dof / 2.0, statistic / 2.0), dof);
    }
}
