package io.driftwatch.flink.alert;

import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.alert.Threshold;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.evaluate.FeatureResult;
import java.util.Optional;

/** Turns one window's metric value into an alert observation with its configured limits. */
final class MetricLevels {
    private MetricLevels() {}

    /** The observation of {@code metric} for {@code result}, or empty when the metric does not apply to its type. */
    static Optional<AlertStateMachine.Observation> observe(JobConfig.AlertMetric metric, FeatureResult result,
                                                           JobConfig.Thresholds limits, long windowStart,
                                                           long windowEnd) {
        boolean numeric = result.type() == FeatureResult.Type.NUMERIC;
        switch (metric) {
            case PSI:
                return Optional.of(observation(above(limits.psi()), result.psi(), windowStart, windowEnd));
            case JS:
                return Optional.of(observation(above(limits.js()), result.js(), windowStart, windowEnd));
            case WASSERSTEIN:
                return numeric ? Optional.of(observation(above(limits.wasserstein()), result.wasserstein(),
                        windowStart, windowEnd)) : Optional.empty();
            case KS:
                return numeric ? Optional.of(ks(limits.ks(), result, windowStart, windowEnd)) : Optional.empty();
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    /**
     * KS breaches only when the difference is both significant (p below the limit) and large enough
     * (D at or above the effect-size floor); the value reported is D.
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
