package io.driftwatch.core.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What an evaluation measured, per scenario and per threshold set.
 *
 * @param config the run's settings
 * @param warningWindowProbability calibration's per-series, per-window warning probability (of the first stream)
 * @param series alert series per model (feature × metric)
 * @param scenarios results in the order run
 */
public record EvaluationReport(EvaluationConfig config, double warningWindowProbability, int series,
                               List<ScenarioResult> scenarios) {

    /** The thresholds a result was obtained with. */
    public enum ThresholdSet {
        FIXED,
        CALIBRATED
    }

    /** Target false alarms per model-day, F / horizon in days. */
    public double targetFalseAlarmsPerModelDay() {
        return config.falseAlarms() * java.time.Duration.ofDays(1).toMillis() / config.horizon().toMillis();
    }

    /**
     * One scenario.
     *
     * @param streams independent streams (each with its own training data and baseline)
     * @param modelDays simulated time over all streams, in days
     */
    public record ScenarioResult(String scenario, String description, boolean hasDrift, int streams, double modelDays,
                                 Map<ThresholdSet, Outcome> outcomes) {}

    /**
     * What one threshold set did on one scenario.
     *
     * @param falseAlarms alerts that started firing on a feature that does not drift, or before the onset
     * @param detected drift streams where an alert on a drifted feature fired within the watched windows
     * @param missed drift streams where none did
     * @param delays for each detected stream, drifted windows seen up to and including the firing window
     *     (1 = the first drifted window; with firing after N windows the minimum is N)
     */
    public record Outcome(int falseAlarms, double falseAlarmsPerModelDay, int detected, int missed, List<Integer> delays) {
        /** Median detection delay in windows, NaN when nothing was detected. */
        public double medianDelay() {
            if (delays.isEmpty()) {
                return Double.NaN;
            }
            List<Integer> sorted = delays.stream().sorted().toList();
            int mid = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
        }

        /** Longest detection delay in windows, 0 when nothing was detected. */
        public int maxDelay() {
            return delays.stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }
}
