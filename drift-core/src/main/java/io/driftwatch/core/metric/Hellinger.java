package io.driftwatch.core.metric;

/**
 * Hellinger distance, in [0, 1]:
 *
 * <pre>
 *   H(p, q) = sqrt( ½ Σ_k (√p_k − √q_k)² )  ( = sqrt(1 − Σ_k √(p_k q_k)) )
 * </pre>
 * (Hellinger 1909; e.g. Le Cam &amp; Yang, <i>Asymptotics in Statistics</i>, 2000, ch. 3). The squared-
 * difference form is used because it does not cancel for nearly equal distributions. 0 for identical
 * distributions, 1 for disjoint supports; zero proportions need no smoothing.
 *
 * <p>Degenerate inputs follow {@link Distributions}: an empty current window gives 0; an empty
 * reference or mismatched bins is an {@link IllegalArgumentException}.
 */
public final class Hellinger {
    private Hellinger() {}

    /** Hellinger distance between two weight vectors (counts or proportions) over the same bins. */
    public static double distance(double[] reference, double[] current) {
        return Distributions.compare(reference, current, Hellinger::fromProportions);
    }

    private static double fromProportions(double[] p, double[] q) {
        double sumOfSquares = 0;
        for (int k = 0; k < p.length; k++) {
            double diff = Math.sqrt(p[k]) - Math.sqrt(q[k]);
            sumOfSquares += diff * diff;
        }
        return Math.min(1.0, Math.sqrt(sumOfSquares / 2));
    }
}
