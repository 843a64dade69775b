package io.driftwatch.core.metric;

import java.util.function.ToDoubleBiFunction;

/**
 * Shared validation and normalisation of the weight vectors (counts or proportions over the same
 * bins or categories) that every discrete drift metric compares.
 *
 * <p>One convention for all of them: the reference must be a distribution (finite, non-negative,
 * positive total), otherwise the input is invalid; an all-zero current window is a valid, empty
 * window that carries no evidence of drift, so the metric is 0 (the window's {@code count} metric is
 * what reports that it was empty).
 */
final class Distributions {
    private Distributions() {}

    /**
     * Validates both vectors and applies {@code metric} to their proportions, or returns 0 when the
     * current window is empty.
     */
    static double compare(double[] reference, double[] current,
            ToDoubleBiFunction<double[], double[]> metric) {
        requireSameBins(reference, current);
        requireNonNegativeFinite(current, "current");
        if (total(current) == 0) {
            return 0.0;
        }
        return metric.applyAsDouble(proportions(reference, "reference"), proportions(current, "current"));
    }

    /** Each weight divided by the total; the vector must have a positive total. */
    static double[] proportions(double[] weights, String side) {
        requireNonNegativeFinite(weights, side);
        double total = total(weights);
        if (total == 0) {
            throw new IllegalArgumentException(side + " has no observations (all weights are 0)");
        }
        double[] proportions = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            proportions[i] = weights[i] / total;
        }
        return proportions;
    }

    static void requireSameBins(double[] reference, double[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " bins but current has "
                    + current.length + "; compare counts over the same bins");
        }
        if (reference.length == 0) {
            throw new IllegalArgumentException("at least one bin is needed");
        }
    }

    static void requireNonNegativeFinite(double[] weights, String side) {
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException(side + " weight " + i + " is " + weights[i]
                        + "; weights must be finite and non-negative");
            }
        }
    }

    static double total(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        return total;
    }

    static double[] toDoubles(long[] counts) {
        double[] weights = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            weights[i] = counts[i];
        }
        return weights;
    }
}
