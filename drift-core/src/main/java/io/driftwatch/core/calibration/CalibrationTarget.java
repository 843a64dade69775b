package io.driftwatch.core.calibration;

import java.time.Duration;

/**
 * What a team promises its on-call: at most {@code falseAlarms} false alarms per model over
 * {@code horizon} (e.g. 1 per 30 days), with windows of {@code window} holding about
 * {@code eventsPerWindow} present values per feature, and alerts that fire after
 * {@code firingAfter} consecutive breaching windows.
 *
 * <p><b>From the model's budget to one series' per-window probability.</b> With S alert series
 * (feature × metric) and W = horizon / window windows, let p be the probability that one series'
 * value breaches its warning threshold in one window when nothing drifts. A false alarm of a series
 * completes a run of N = {@code firingAfter} breaching windows; the run ending at a given window has
 * probability p^N if no-drift windows are independent, so the expected number of false alarms is at
 * most S·W·p^N. Setting that to {@link #BUDGET_SHARE}·F gives
 * <pre>
 *   p_warning  = (BUDGET_SHARE · F / (W · S))^(1/N),        p_critical = p_warning / criticalRarity
 * </pre>
 * <ul>
 *   <li><b>Safety factor.</b> Calibration aims at half the promised budget. Calibrating to the full
 *       budget met it only on average, with no margin (measured: 29 false alarms in 780 stationary
 *       model-days against 26 allowed), for two reasons the union bound does not cover: thresholds are
 *       estimated, and the false-alarm rate is convex in them (p^N), so estimation noise raises the
 *       average rate — with 500 value replicates (50 tail points, σ̂ ±14%) the KS and Wasserstein series
 *       come out ≈ 1.4× over their share (E[e^{−2Lε}] = e^{2L²/k}, L = ln(0.1/p), k = 50); and consecutive windows share the baseline's own sampling
 *       error, which makes breaches cluster. The factor 2 covers both with room for the Poisson noise
 *       of a month's count (docs/detection-quality.md has the derivation and the measurement).</li>
 *   <li>The sum over series is exact for <i>expected</i> counts (linearity of expectation), whatever
 *       the correlation between series: this is Bonferroni's union bound applied to expectations. It
 *       is conservative as a bound on the probability of at least one alarm, and correlated series
 *       (PSI, KS and W1 of one feature move together) make alarms cluster, so the realised rate of
 *       distinct incidents is lower than the budget.</li>
 *   <li>p^N needs independent windows: non-overlapping windows of an i.i.d. stream are independent
 *       given the baseline. They share the baseline's own sampling error, which makes consecutive
 *       breaches positively correlated; the effect is of relative size n/(n + m) (window n, training
 *       m) and small when the training set holds many windows (see docs/detection-quality.md).</li>
 *   <li>Critical: the null quantile at the rarer p_critical, floored by the metric's fixed critical
 *       limit ({@link CalibratedThresholds}), so a statistically certain but tiny shift warns and
 *       does not page as critical.</li>
 * </ul>
 *
 * @param falseAlarms expected false alarms per model per horizon, F &gt; 0
 * @param horizon the period F refers to
 * @param window length of one drift window (shorter than the horizon)
 * @param eventsPerWindow expected present values per feature per window, n ≥ 1
 * @param firingAfter N, the alert rule's consecutive breaching windows before firing
 * @param criticalRarity how much rarer a critical window is than a warning one (≥ 1)
 */
public record CalibrationTarget(double falseAlarms, Duration horizon, Duration window, long eventsPerWindow,
                                int firingAfter, double criticalRarity) {
    /** Share of the promised false-alarm budget the thresholds are calibrated to: a safety factor of 2. */
    public static final double BUDGET_SHARE = 0.5;
    /** Critical windows 100 times rarer than warning ones under no drift. */
    public static final double DEFAULT_CRITICAL_RARITY = 100;

    public CalibrationTarget {
        if (!(falseAlarms > 0) || Double.isInfinite(falseAlarms)) {
            throw new IllegalArgumentException("falseAlarms must be finite and > 0, got " + falseAlarms);
        }
        if (window.isZero() || window.isNegative() || horizon.compareTo(window) < 0) {
            throw new IllegalArgumentException("need 0 < window <= horizon, got window " + window + " and horizon "
                    + horizon);
        }
        if (eventsPerWindow < 1) {
            throw new IllegalArgumentException("eventsPerWindow must be at least 1, got " + eventsPerWindow);
        }
        if (firingAfter < 1) {
            throw new IllegalArgumentException("firingAfter must be at least 1, got " + firingAfter);
        }
        if (!(criticalRarity >= 1) || Double.isInfinite(criticalRarity)) {
            throw new IllegalArgumentException("criticalRarity must be finite and >= 1, got " + criticalRarity);
        }
    }

    /** W, windows per horizon (fractional when the horizon is not a whole number of windows). */
    public double windowsPerHorizon() {
        return (double) horizon.toMillis() / window.toMillis();
    }

    /** p_warning for {@code series} alert series, within {@link #BUDGET_SHARE} of the budget; at most 1. */
    public double warningWindowProbability(int series) {
        if (series < 1) {
            throw new IllegalArgumentException("need at least one alert series, got " + series);
        }
        return Math.min(1.0, Math.pow(BUDGET_SHARE * falseAlarms / (windowsPerHorizon() * series),
                1.0 / firingAfter));
    }

    /** p_critical = p_warning / criticalRarity. */
    public double criticalWindowProbability(int series) {
        return warningWindowProbability(series) / criticalRarity;
    }
}
