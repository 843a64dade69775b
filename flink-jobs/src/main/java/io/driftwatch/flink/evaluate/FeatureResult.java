package io.driftwatch.flink.evaluate;

import io.driftwatch.core.drift.FeatureDrift;

/**
 * Every metric of one feature (or of the prediction) in one window, flattened for InfluxDB and the
 * alert stage. A metric that does not apply or is undefined in the window is {@code NaN} and not
 * written.
 *
 * @param feature feature name; {@code score} or {@code class} for the prediction
 * @param count present values in the window
 * @param nonFinite NaN/infinite values seen (validation normally rejects them first)
 * @param wasserstein Wasserstein-1 in baseline standard deviations
 * @param drifted the automatic test's verdict ({@code TestSelection})
 */
public record FeatureResult(String feature, Role role, Type type, long count, double psi, double ksD, double ksP,
                            double ksDErrorBound, double js, double hellinger, double wasserstein, double chi2,
                            double chi2P, double linf, double missingFraction, long nonFinite,
                            double outOfRangeFraction, double unseenFraction, boolean drifted) {

    /** Input feature, or the model's own output. */
    public enum Role {
        INPUT,
        PREDICTION
    }

    /** How the values are compared. */
    public enum Type {
        NUMERIC,
        CATEGORICAL
    }

    public static FeatureResult numeric(FeatureDrift.Numeric drift, Role role, String name, long nonFinite) {
        return new FeatureResult(name, role, Type.NUMERIC, drift.currentCount(), drift.psi(), drift.ks().d(),
                drift.ks().pValue(), drift.ks().dErrorBound(), drift.jensenShannon(), drift.hellinger(),
                drift.currentCount() == 0 ? Double.NaN : drift.wasserstein().normalised(), Double.NaN, Double.NaN,
                Double.NaN, drift.missingFraction(), nonFinite, drift.outOfRangeFraction(), Double.NaN,
                drift.verdict().drifted());
    }

    public static FeatureResult categorical(FeatureDrift.Categorical drift, Role role, String name) {
        return new FeatureResult(name, role, Type.CATEGORICAL, drift.currentCount(), drift.psi(), Double.NaN,
                Double.NaN, Double.NaN, drift.jensenShannon(), drift.hellinger(), Double.NaN,
                drift.currentCount() == 0 ? Double.NaN : drift.chiSquare().statistic(),
                drift.currentCount() == 0 ? Double.NaN : drift.chiSquare().pValue(), drift.lInfinity(),
                drift.missingFraction(), 0, Double.NaN, drift.unseenFraction(), drift.verdict().drifted());
    }
}
