package io.driftwatch.core.metric;

/**
 * A Pearson chi-square test.
 *
 * @param statistic the chi-square statistic, ≥ 0; +∞ when a category impossible under the reference
 *     was observed (goodness of fit only)
 * @param pValue upper-tail probability P(χ²_dof ≥ statistic)
 * @param degreesOfFreedom the degrees of freedom (0 when there is nothing to compare; p is then 1)
 */
public record ChiSquareResult(double statistic, double pValue, int degreesOfFreedom) {
    /** Nothing to compare (an empty current window, or a single category): no evidence of drift. */
    static final ChiSquareResult NO_EVIDENCE = new ChiSquareResult(0.0, 1.0, 0);
}
