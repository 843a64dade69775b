package io.driftwatch.demo.observe;

import io.driftwatch.flink.config.JobConfig;

/**
 * One feature's drift and data quality in one window, as the drift job wrote them. Metrics that do
 * not apply (KS of a categorical feature) or were undefined are NaN.
 *
 * @param prediction whether this is the model's output ({@code score}, {@code class}) rather than an input
 */
public record FeatureMetrics(String feature, boolean prediction, String type, double psi, double ksD, double ksP,
                             double missingFraction, double outOfRangeFraction, double unseenFraction) {

    /** The name alerts and thresholds use: {@code prediction.score} for the model's output. */
    public String seriesName() {
        return prediction ? "prediction." + feature : feature;
    }

    /**
     * Whether this window breaches the warning limit of PSI or KS (KS needs both significance and
     * effect size), as the job's alert rules judge one window; alerts need several such windows.
     */
    public boolean breaches(JobConfig.Thresholds limits) {
        boolean psiBreach = psi >= limits.psi().warning();
        boolean ksBreach = !Double.isNaN(ksD) && ksP < limits.ks().pValue() && ksD >= limits.ks().warningD();
        return psiBreach || ksBreach;
    }

    FeatureMetrics withDrift(double newPsi, double newKsD, double newKsP) {
        return new FeatureMetrics(feature, prediction, type, newPsi, newKsD, newKsP, missingFraction,
                outOfRangeFraction, unseenFraction);
    }

    FeatureMetrics withQuality(double missing, double outOfRange, double unseen) {
        return new FeatureMetrics(feature, prediction, type, psi, ksD, ksP, missing, outOfRange, unseen);
    }

    static FeatureMetrics empty(String feature, boolean prediction, String type) {
        return new FeatureMetrics(feature, prediction, type, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }
}
