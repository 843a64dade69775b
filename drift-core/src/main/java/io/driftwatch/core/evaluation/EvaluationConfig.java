package io.driftwatch.core.evaluation;

import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.calibration.CalibrationTarget;
import io.driftwatch.core.calibration.NullSampling;
import java.time.Duration;
import java.util.List;

/**
 * One evaluation run.
 *
 * @param stationaryDays model-days simulated for each scenario without drift (stationary: split into
 *     streams of one horizon each, a fresh training set and baseline per stream)
 * @param driftStreams streams per drift scenario, each {@link Scenario#PRE_DRIFT_WINDOWS} clean then
 *     {@link Scenario#DRIFT_WINDOWS} drifted windows, each with its own baseline
 * @param eventsPerWindow events per window, every feature present in each
 * @param trainingRows rows of each stream's training data
 * @param target the false-alarm target the calibrated thresholds are built for
 * @param rule the alert rule (firing after N consecutive breaching windows) for both threshold sets
 * @param sampling calibration's simulation sizes; its seed is replaced per stream
 * @param seed seed of the whole run
 * @param scenarios the scenarios to run
 */
public record EvaluationConfig(double stationaryDays, int driftStreams, int eventsPerWindow, int trainingRows,
                               Duration window, double falseAlarms, Duration horizon, AlertRule rule,
                               NullSampling sampling, long seed, List<Scenario> scenarios) {
    public EvaluationConfig {
        scenarios = List.copyOf(scenarios);
        if (!(stationaryDays > 0) || driftStreams < 1 || eventsPerWindow < 1 || trainingRows < 1) {
            throw new IllegalArgumentException("stationaryDays, driftStreams, eventsPerWindow and trainingRows must"
                    + " be positive");
        }
        target(falseAlarms, horizon, window, eventsPerWindow, rule); // validates them
    }

    /** The calibration target for this run. */
    public CalibrationTarget target() {
        return target(falseAlarms, horizon, window, eventsPerWindow, rule);
    }

    private static CalibrationTarget target(double falseAlarms, Duration horizon, Duration window, int eventsPerWindow,
                                            AlertRule rule) {
        return new CalibrationTarget(falseAlarms, horizon, window, eventsPerWindow, rule.firingAfter(),
                CalibrationTarget.DEFAULT_CRITICAL_RARITY);
    }

    /** Windows per day at this window length. */
    public double windowsPerDay() {
        return (double) Duration.ofDays(1).toMillis() / window.toMillis();
    }
}
