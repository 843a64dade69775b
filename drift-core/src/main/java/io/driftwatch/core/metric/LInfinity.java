package io.driftwatch.core.metric;

/**
 * L-infinity (Chebyshev) distance between two discrete distributions, in [0, 1]:
 *
 * <pre>
 *   L∞(p, q) = max_k |p_k − q_k|
 * </pre>
 * the largest change of any one bin's or category's share (as in TensorFlow Data Validation's
 * categorical drift comparator). Easy to explain on a dashboard: "category X moved by 12 points".
 *
 * <p>Degenerate inputs follow {@link Distributions}: an empty current window gives 0; an empty
 * reference or mismatched bins is an {@link IllegalArgumentException}.
 */
public final class LInfinity {
    private LInfinity() {}

    /** L∞ distance between two weight vectors (counts or proportions) over the same bins. */
    public static double distance(double[] reference, double[] current) {
        return Distributions.compare(reference, current, LInfinity::fromProportions);
    }

    private static double fromProportions(double[] p, double[] q) {
        double max = 0;
        for (int k = 0; k < p.length; k++) {
            max = Math.max(max, Math.abs(p[k] - q[k]));
        }
        return max;
    }
}
