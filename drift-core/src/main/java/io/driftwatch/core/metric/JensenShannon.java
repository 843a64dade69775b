package io.driftwatch.core.metric;

/**
 * Jensen–Shannon distance with base-2 logarithms, in [0, 1]:
 *
 * <pre>
 *   m = (p + q) / 2
 *   JS(p, q) = sqrt( ½ Σ_k p_k log2(p_k / m_k) + ½ Σ_k q_k log2(q_k / m_k) )
 * </pre>
 * (Lin, "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 1991; Endres &amp;
 * Schindelin 2003 for the square root being a metric). Equals SciPy's
 * {@code scipy.spatial.distance.jensenshannon(p, q, base=2)}: each side is normalised by its total and
 * a term with p_k = 0 contributes 0 ({@code rel_entr(0, y) = 0}), so no smoothing is needed.
 * 0 for identical distributions, 1 for disjoint supports.
 *
 * <p>Degenerate inputs follow {@link Distributions}: an empty current window gives 0; an empty
 * reference or mismatched bins is an {@link IllegalArgumentException}.
 */
public final class JensenShannon {
    private JensenShannon() {}

    /** JS distance between two weight vectors (counts or proportions) over the same bins. */
    public static double distance(double[] reference, double[] current) {
        return Distributions.compare(reference, current, JensenShannon::fromProportions);
    }

    private static double fromProportions(double[] p, double[] q) {
        double divergenceNats = 0;
        for (int k = 0; k < p.length; k++) {
            double m = (p[k] + q[k]) / 2;
            divergenceNats += relativeEntropyTerm(p[k], m) + relativeEntropyTerm(q[k], m);
        }
        double divergenceBits = divergenceNats / 2 / Math.log(2);
        // Rounding can leave a tiny negative divergence or one just above 1; the distance stays in [0, 1].
        return Math.min(1.0, Math.sqrt(Math.max(0.0, divergenceBits)));
    }

    private static double relativeEntropyTerm(double x, double m) {
        return x == 0 ? 0.0 : x * Math.log(x / m);
    }
}
