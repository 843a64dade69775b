package io.driftwatch.core.performance;

/**
 * Per-example log loss, {@code −ln p(true class)}, with p clipped to [1e-15, 1 − 1e-15] so that a
 * confident miss costs about 34.5 instead of infinity (the clipping scikit-learn's {@code log_loss}
 * applied up to version 1.4).
 */
final class LogLoss {
    static final double EPSILON = 1e-15;

    private LogLoss() {}

    static double of(double probabilityOfTrueClass) {
        return -Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probabilityOfTrueClass)));
    }
}
