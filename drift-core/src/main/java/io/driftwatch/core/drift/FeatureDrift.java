package io.driftwatch.core.drift;

import io.driftwatch.core.metric.ChiSquareResult;
import io.driftwatch.core.metric.DriftVerdict;
import io.driftwatch.core.metric.KsResult;
import io.driftwatch.core.metric.WassersteinResult;

/**
 * Every drift metric of one feature in one window against its baseline. A metric that is undefined
 * for the window (no current values) is {@code NaN}; writers skip it rather than store a number that
 * means nothing.
 */
public sealed interface FeatureDrift permits FeatureDrift.Numeric, FeatureDrift.Categorical {
    String feature();

    long referenceCount();

    /** Present (non-missing) values in the current window. */
    long currentCount();

    double psi();

    double jensenShannon();

    double hellinger();

    double missingFraction();

    DriftVerdict verdict();

    /**
     * Numeric feature.
     *
     * @param psi over the baseline's quantile bins, exact counts
     * @param ks two-sample KS (exact samples, or sketches with the stated D error bound)
     * @param jensenShannon JS distance (base 2) over the same bins as PSI
     * @param hellinger Hellinger distance over the same bins
     * @param wasserstein W1, normalised by the baseline standard deviation
     * @param outOfRangeFraction share of current values outside the baseline's [min, max]
     */
    record Numeric(String feature, long referenceCount, long currentCount, double psi, KsResult ks,
                   double jensenShannon, double hellinger, WassersteinResult wasserstein, double missingFraction,
                   double outOfRangeFraction, DriftVerdict verdict) implements FeatureDrift {}

    /**
     * Categorical feature.
     *
     * @param psi over the baseline's categories plus one bucket for everything else (unseen or folded)
     * @param chiSquare homogeneity test of reference vs current counts over the union of categories
     * @param lInfinity largest absolute difference of a category's share
     * @param unseenFraction share of current values in categories the baseline did not keep
     */
    record Categorical(String feature, long referenceCount, long currentCount, double psi, ChiSquareResult chiSquare,
                       double jensenShannon, double hellinger, double lInfinity, double missingFraction,
                       double unseenFraction, DriftVerdict verdict) implements FeatureDrift {}
}
