package io.driftwatch.core.metric;

/**
 * A two-sample Kolmogorov–Smirnov comparison.
 *
 * @param d the statistic sup |F_ref − F_cur|, in [0, 1]
 * @param pValue P(D ≥ d) under the null hypothesis of one common continuous distribution
 * @param effectiveN n·m / (n + m), the sample size of the equivalent one-sample test (unrounded)
 * @param dErrorBound how far {@code d} may be from the exact D of the underlying data: 0 for exact
 *     samples, the sum of the two sketches' normalised rank errors for sketches (~99% confidence)
 * @param pMethod how the p-value was computed, one of the {@code KolmogorovSmirnov.P_*} constants
 */
public record KsResult(double d, double pValue, double effectiveN, double dErrorBound, String pMethod) {}
