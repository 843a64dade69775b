package io.driftwatch.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable accumulator of a regressor's errors: MAE {@code Σ|y − ŷ|/n}, RMSE {@code √(Σ(y − ŷ)²/n)} and
 * MAPE {@code Σ|y − ŷ|/|y| / n'} (scikit-learn's {@code mean_absolute_error},
 * {@code root_mean_squared_error}, {@code mean_absolute_percentage_error}; MAPE as a fraction).
 *
 * <p>Zero targets: the percentage error of {@code y = 0} is undefined. scikit-learn divides by machine
 * epsilon instead, which turns one zero target into an error of about 10¹⁵ and makes the window's MAPE
 * meaningless; here MAPE is taken over the non-zero targets only ({@code n'} of them), the zero ones are
 * counted ({@link #zeroTargets()}) and still count in MAE and RMSE, and MAPE is NaN when every target
 * is zero.
 */
public final class RegressionErrors {
    private long count;
    private double absoluteErrorSum;
    private double squaredErrorSum;
    private double percentageErrorSum;
    private long nonZeroTargets;

    public void add(double actual, double predicted) {
        double error = Math.abs(actual - predicted);
        count++;
        absoluteErrorSum += error;
        squaredErrorSum += error * error;
        if (actual != 0) {
            percentageErrorSum += error / Math.abs(actual);
            nonZeroTargets++;
        }
    }

    public void merge(RegressionErrors other) {
        count += other.count;
        absoluteErrorSum += other.absoluteErrorSum;
        squaredErrorSum += other.squaredErrorSum;
        percentageErrorSum += other.percentageErrorSum;
        nonZeroTargets += other.nonZeroTargets;
    }

    public long count() {
        return count;
    }

    /** Targets equal to 0, left out of MAPE. */
    public long zeroTargets() {
        return count - nonZeroTargets;
    }

    public PerformanceMetrics metrics() {
        if (count == 0) {
            return PerformanceMetrics.NONE;
        }
        return PerformanceMetrics.regression(absoluteErrorSum / count, Math.sqrt(squaredErrorSum / count),
                PerformanceMetrics.ratio(percentageErrorSum, nonZeroTargets), count);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(absoluteErrorSum);
        out.writeDouble(squaredErrorSum);
        out.writeDouble(percentageErrorSum);
        out.writeLong(nonZeroTargets);
    }

    static RegressionErrors readFrom(DataInput in) throws IOException {
        RegressionErrors result = new RegressionErrors();
        result.count = in.readLong();
        result.absoluteErrorSum = in.readDouble();
        result.squaredErrorSum = in.readDouble();
        result.percentageErrorSum = in.readDouble();
        result.nonZeroTargets = in.readLong();
        return result;
    }
}
