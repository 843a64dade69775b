package io.driftwatch.core.metric;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Wasserstein-1 (earth mover's) distance between two one-dimensional distributions:
 *
 * <pre>
 *   W1(F, G) = ∫ |F(x) − G(x)| dx
 * </pre>
 * (Vallender, "Calculation of the Wasserstein distance between probability distributions on the
 * line", 1974; SciPy {@code scipy.stats.wasserstein_distance}). For samples and sketches both CDFs are
 * step functions, so the integral is a finite sum over the merged points (see {@link StepCdf}).
 *
 * <p>Normalisation: W1 is divided by the baseline's standard deviation (population σ for samples; for
 * sketches the caller's, the baseline's stored sample σ in the job) so one threshold
 * (0.1σ) fits every feature, as in Evidently's {@code wasserstein_distance_norm}. A constant baseline
 * has σ = 0; following Evidently, the divisor is then {@link #MIN_NORMALISER} = 1e-3 (in feature units),
 * so any visible move away from the constant is reported as a large, finite drift instead of ∞/NaN.
 *
 * <p>Degenerate inputs: an empty sample or sketch on either side gives W1 = 0 (nothing to compare);
 * NaN or infinite sample values, or a negative / non-finite baseline σ, are an
 * {@link IllegalArgumentException}.
 */
public final class Wasserstein {
    /** Smallest divisor used for normalisation (Evidently's floor for a constant baseline). */
    public static final double MIN_NORMALISER = 1e-3;

    private Wasserstein() {}

    /** Exact W1 between two samples, normalised by the reference sample's population standard deviation. */
    public static WassersteinResult compare(double[] reference, double[] current) {
        return compare(StepCdf.ofSample(reference), StepCdf.ofSample(current), populationStd(reference), 0.0);
    }

    /**
     * W1 between two KLL sketches, normalised by {@code baselineStd} (a sketch does not keep moments;
     * the baseline stores σ). The error bound integrates each sketch's rank error (see
     * {@link KolmogorovSmirnov#test(KllDoublesSketch, KllDoublesSketch)}) over the joint range
     * [min, max], which both sketches keep exactly.
     */
    public static WassersteinResult compare(KllDoublesSketch reference, KllDoublesSketch current, double baselineStd) {
        double range = reference.isEmpty() || current.isEmpty() ? 0.0
                : Math.max(reference.getMaxItem(), current.getMaxItem())
                        - Math.min(reference.getMinItem(), current.getMinItem());
        double rankError = StepCdf.rankError(reference) + StepCdf.rankError(current);
        return compare(StepCdf.ofSketch(reference), StepCdf.ofSketch(current), baselineStd, rankError * range);
    }

    /**
     * Where the exact W1 of two data sets must lie, knowing only their fractions in shared bins (the
     * bins PSI uses, whose counts are exact on both sides, unlike the sketches) and their common range.
     * Between two consecutive edges each CDF can only be said to lie between its cumulative fractions
     * at those edges, F ∈ [F<sub>lo</sub>, F<sub>hi</sub>] and G ∈ [G<sub>lo</sub>, G<sub>hi</sub>], so
     * over a segment of width w
     *
     * <pre>
     *   w · max(0, F_lo − G_hi, G_lo − F_hi)  ≤  ∫ |F − G| dx  ≤  w · max(F_hi − G_lo, G_hi − F_lo)
     * </pre>
     * whatever the values inside the bins are; the outer segments run from {@code min} to the first
     * edge and from the last edge to {@code max}. Summed over the segments, these bracket W1. The
     * bracket is narrow where the bins are (many, at the baseline's quantiles) and wide only across
     * bins that both sides fill unevenly; it is what the sketch estimate is clamped into
     * ({@link WassersteinResult#within}).
     *
     * @param innerEdges ascending inner bin edges (bin i holds values in (edge[i−1], edge[i]])
     * @param referenceFractions reference fraction per bin, {@code innerEdges.length + 1} of them
     * @param currentFractions current fraction per bin, as many
     * @param min the smallest value of either data set
     * @param max the largest value of either data set
     */
    public static Bracket binnedBracket(double[] innerEdges, double[] referenceFractions, double[] currentFractions,
                                        double min, double max) {
        int bins = innerEdges.length + 1;
        if (referenceFractions.length != bins || currentFractions.length != bins) {
            throw new IllegalArgumentException("expected " + bins + " fractions per side for " + innerEdges.length
                    + " inner edges, got " + referenceFractions.length + " and " + currentFractions.length);
        }
        if (!(min <= max)) {
            return new Bracket(0.0, 0.0);
        }
        double lower = 0;
        double upper = 0;
        double referenceBelow = 0;
        double currentBelow = 0;
        double segmentStart = min;
        for (int bin = 0; bin < bins; bin++) {
            double segmentEnd = bin < innerEdges.length ? Math.min(Math.max(innerEdges[bin], min), max) : max;
            double referenceThrough = referenceBelow + referenceFractions[bin];
            double currentThrough = currentBelow + currentFractions[bin];
            double width = segmentEnd - segmentStart;
            lower += width * Math.max(0, Math.max(referenceBelow - currentThrough, currentBelow - referenceThrough));
            upper += width * Math.max(referenceThrough - currentBelow, currentThrough - referenceBelow);
            referenceBelow = referenceThrough;
            currentBelow = currentThrough;
            segmentStart = segmentEnd;
        }
        return new Bracket(lower, upper);
    }

    /** An interval that holds the exact W1 (in feature units). */
    public record Bracket(double lower, double upper) {}

    private static WassersteinResult compare(StepCdf reference, StepCdf current, double baselineStd,
            double distanceErrorBound) {
        double normaliser = normaliser(baselineStd);
        double distance = reference.isEmpty() || current.isEmpty() ? 0.0 : StepCdf.areaBetween(reference, current);
        return new WassersteinResult(distance, normaliser, distanceErrorBound);
    }

    private static double normaliser(double baselineStd) {
        if (!(baselineStd >= 0) || Double.isInfinite(baselineStd)) {
            throw new IllegalArgumentException("baseline standard deviation must be finite and >= 0, got "
                    + baselineStd);
        }
        return Math.max(baselineStd, MIN_NORMALISER);
    }

    /** Population (ddof = 0, numpy's default) standard deviation, two-pass; 0 for an empty sample. */
    private static double populationStd(double[] values) {
        if (values.length == 0) {
            return 0.0;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
