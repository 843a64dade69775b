package io.driftwatch.core.metric;

/**
 * A Wasserstein-1 comparison.
 *
 * @param distance W1 in the feature's own units
 * @param normaliser the scale W1 is divided by: max(baseline standard deviation,
 *     {@link Wasserstein#MIN_NORMALISER})
 * @param distanceErrorBound how far {@code distance} may be from the exact W1 of the underlying data:
 *     0 for exact samples; for sketches (ε_ref + ε_cur) · (max − min) with ~99% confidence
 */
public record WassersteinResult(double distance, double normaliser, double distanceErrorBound) {

    /** W1 in baseline standard deviations, the value compared with the drift threshold. */
    public double normalised() {
        return distance / normaliser;
    }

    /** {@link #distanceErrorBound()} in baseline standard deviations. */
    public double normalisedErrorBound() {
        return distanceErrorBound / normaliser;
    }

    /**
     * This estimate moved into {@code bracket}, an interval known to hold the exact W1 (see
     * {@link Wasserstein#binnedBracket}). Both the estimate's error interval and the bracket hold the
     * exact value, so the clamped estimate is never farther from it than before, and never farther
     * than the bracket is wide: the error bound becomes the smaller of the two.
     */
    public WassersteinResult within(Wasserstein.Bracket bracket) {
        double clamped = Math.min(Math.max(distance, bracket.lower()), bracket.upper());
        return new WassersteinResult(clamped, normaliser,
                Math.min(distanceErrorBound, bracket.upper() - bracket.lower()));
    }
}
