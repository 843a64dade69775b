package io.driftwatch.flink.evaluate;

import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.calibration.MonitoredMetric;
import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.drift.FeatureDrift;
import java.util.EnumMap;
import java.util.Map;

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
 * @param calibratedThresholds the baseline's calibrated thresholds for this window's series, rescaled to
 *     its {@code count} ({@link CalibratedThresholds#forWindow}); a metric absent here (every metric
 *     when the baseline has no calibration) is judged by the job's configured limits. Computed here,
 *     where the window's baseline is at hand, so the alert stage needs no baseline.
 */
public record FeatureResult(String feature, Role role, Type type, long count, double psi, double ksD, double ksP,
                            double ksDErrorBound, double js, double hellinger, double wasserstein, double chi2,
                            double chi2P, double linf, double missingFraction, long nonFinite,
                            double outOfRangeFraction, double unseenFraction, boolean drifted,
                            Map<MonitoredMetric, CalibratedThresholds.WindowThreshold> calibratedThresholds) {

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

    /** @param thresholds the window's baseline's calibrated thresholds (looked up by {@code drift.feature()}) */
    public static FeatureResult numeric(FeatureDrift.Numeric drift, Role role, String name, long nonFinite,
                                        CalibratedThresholds thresholds) {
        return new FeatureResult(name, role, Type.NUMERIC, drift.currentCount(), drift.psi(), drift.ks().d(),
                drift.ks().pValue(), drift.ks().dErrorBound(), drift.jensenShannon(), drift.hellinger(),
                drift.currentCount() == 0 ? Double.NaN : drift.wasserstein().normalised(), Double.NaN, Double.NaN,
                Double.NaN, drift.missingFraction(), nonFinite, drift.outOfRangeFraction(), Double.NaN,
                drift.verdict().drifted(), calibrated(thresholds, drift, ColumnKind.NUMERIC));
    }

    /** @param thresholds the window's baseline's calibrated thresholds (looked up by {@code drift.feature()}) */
    public static FeatureResult categorical(FeatureDrift.Categorical drift, Role role, String name,
                                            CalibratedThresholds thresholds) {
        return new FeatureResult(name, role, Type.CATEGORICAL, drift.currentCount(), drift.psi(), Double.NaN,
                Double.NaN, Double.NaN, drift.jensenShannon(), drift.hellinger(), Double.NaN,
                drift.currentCount() == 0 ? Double.NaN : drift.chiSquare().statistic(),
                drift.currentCount() == 0 ? Double.NaN : drift.chiSquare().pValue(), drift.lInfinity(),
                drift.missingFraction(), 0, Double.NaN, drift.unseenFraction(), drift.verdict().drifted(),
                calibrated(thresholds, drift, ColumnKind.CATEGORICAL));
    }

    private static Map<MonitoredMetric, CalibratedThresholds.WindowThreshold> calibrated(CalibratedThresholds thresholds,
                                                                                         FeatureDrift drift,
                                                                                         ColumnKind kind) {
        Map<MonitoredMetric, CalibratedThresholds.WindowThreshold> calibrated = new EnumMap<>(MonitoredMetric.class);
        for (MonitoredMetric metric : MonitoredMetric.watchedOn(kind)) {
            CalibratedThresholds.WindowThreshold threshold = thresholds.forWindow(drift.feature(), metric,
                    drift.currentCount());
            if (threshold.provenance() != CalibratedThresholds.Provenance.FIXED_DEFAULT) {
                calibrated.put(metric, threshold);
            }
        }
        return calibrated;
    }
}
