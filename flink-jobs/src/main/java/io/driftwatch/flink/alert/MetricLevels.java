package io.driftwatch.flink.alert;

import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.alert.Threshold;
import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.calibration.MonitoredMetric;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.evaluate.FeatureResult;
import java.util.Optional;

/**
 * Turns one window's metric value into an alert observation: against the baseline's calibrated
 * thresholds when it carries them for the series, against the job's configured limits otherwise.
 *
 * <p><b>Calibrated series</b> ({@link FeatureResult#calibratedThresholds()}: psi, ks (D), wasserstein,
 * js of categorical features) use the calibration alone; {@code alerts.defaults} and
 * {@code alerts.overrides} apply to the other series. A calibration is the baseline owner's explicit,
 * data-driven choice for that model version; to go back to configured limits, publish the baseline
 * without one.
 *
 * <p><b>KS with a calibrated D threshold.</b> The configured rule (p below {@code p-value} and D at
 * least {@code warning-d}) exists because at large n every tiny shift is significant. A calibrated
 * warning D is already the significance test, done right: the no-drift quantile of D at this window
 * size, multiplicity-corrected over every series of the model and including the sketches' error —
 * which the single-test p &lt; 0.05 is not. So the p-value condition is dropped, and the effect-size
 * floor moves to severity: a window warns at D ≥ calibrated warning and is critical only at D ≥
 * max(calibrated critical, 0.2), drift-core's fixed critical D ({@link CalibratedThresholds}). Keeping
 * the 0.1 floor on the warning would silence calibration exactly where it helps: at 10⁴ events the
 * calibrated warning D is a few hundredths.
 */
final class MetricLevels {
    /** An observation, and where the thresholds it was judged by came from. */
    record Judged(AlertStateMachine.Observation observation, CalibratedThresholds.Provenance thresholds) {}

    private MetricLevels() {}

    /** The observation of {@code metric} for {@code result}, or empty when the metric does not apply to its type. */
    static Optional<Judged> observe(JobConfig.AlertMetric metric, FeatureResult result, JobConfig.Thresholds limits,
                                    long windowStart, long windowEnd) {
        boolean numericOnly = metric == JobConfig.AlertMetric.KS || metric == JobConfig.AlertMetric.WASSERSTEIN;
        if (numericOnly && result.type() != FeatureResult.Type.NUMERIC) {
            return Optional.empty();
        }
        double value = valueOf(metric, result);
        CalibratedThresholds.WindowThreshold calibrated = result.calibratedThresholds().get(calibratedSeries(metric));
        if (calibrated != null) {
            return Optional.of(new Judged(observation(calibrated.threshold(), value, windowStart, windowEnd),
                    calibrated.provenance()));
        }
        AlertStateMachine.Observation configured = metric == JobConfig.AlertMetric.KS
                ? ks(limits.ks(), result, windowStart, windowEnd)
                : observation(above(configuredLimits(metric, limits)), value, windowStart, windowEnd);
        return Optional.of(new Judged(configured, CalibratedThresholds.Provenance.FIXED_DEFAULT));
    }

    /** The calibrated series an alert metric reads (KS is alerted on its statistic D). */
    private static MonitoredMetric calibratedSeries(JobConfig.AlertMetric metric) {
        switch (metric) {
            case PSI:
                return MonitoredMetric.PSI;
            case KS:
                return MonitoredMetric.KS_D;
            case JS:
                return MonitoredMetric.JENSEN_SHANNON;
            case WASSERSTEIN:
                return MonitoredMetric.WASSERSTEIN;
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    private static double valueOf(JobConfig.AlertMetric metric, FeatureResult result) {
        switch (metric) {
            case PSI:
                return result.psi();
            case KS:
                return result.ksD();
            case JS:
                return result.js();
            case WASSERSTEIN:
                return result.wasserstein();
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    private static JobConfig.Limits configuredLimits(JobConfig.AlertMetric metric, JobConfig.Thresholds limits) {
        switch (metric) {
            case PSI:
                return limits.psi();
            case JS:
                return limits.js();
            case WASSERSTEIN:
                return limits.wasserstein();
            default:
                throw new IllegalStateException(metric + " has no warning/critical limits");
        }
    }

    /**
     * Configured KS: breaches only when the difference is both significant (p below the limit) and
     * large enough (D at or above the effect-size floor); the value reported is D.
     */
    private static AlertStateMachine.Observation ks(JobConfig.KsLimits limits, FeatureResult result, long windowStart,
                                                    long windowEnd) {
        Threshold effect = Threshold.above(limits.warningD(), limits.criticalD());
        boolean significant = result.ksP() < limits.pValue();
        Level level = significant ? effect.level(result.ksD()) : Level.OK;
        return new AlertStateMachine.Observation(level, result.ksD(), effect.limitFor(level), windowStart, windowEnd);
    }

    private static AlertStateMachine.Observation observation(Threshold threshold, double value, long windowStart,
                                                             long windowEnd) {
        Level level = threshold.level(value);
        return new AlertStateMachine.Observation(level, value, threshold.limitFor(level), windowStart, windowEnd);
    }

    private static Threshold above(JobConfig.Limits limits) {
        return Threshold.above(limits.warning(), limits.critical());
    }
}
