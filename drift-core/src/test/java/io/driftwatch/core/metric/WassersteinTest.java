package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class WassersteinTest {

    @Test
    void distanceMatchesAHandComputedValue() {
        // F(ref = {0, 2}) is ½ on [0, 2), G(cur = {1, 1}) is 0 before 1 and 1 after:
        // ∫|F − G| = ½·1 (on [0,1)) + ½·1 (on [1,2)) = 1, as SciPy wasserstein_distance([0,2],[1,1]).
        // σ_ref (population) = 1, so the normalised value is 1 too.
        WassersteinResult result = Wasserstein.compare(new double[] {0, 2}, new double[] {1, 1});

        assertThat(result.distance()).isCloseTo(1.0, within(1e-15));
        assertThat(result.normalised()).isCloseTo(1.0, within(1e-15));
        assertThat(result.distanceErrorBound()).isZero();
    }

    @Test
    void shiftingASampleMovesItByTheShift() {
        double[] reference = ReferenceVectors.byId("02_same_distribution").reference();
        double[] shifted = Arrays.stream(reference).map(x -> x + 0.5).toArray();

        assertThat(Wasserstein.compare(reference, shifted).distance()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void identicalSamplesAreAtDistanceZero() {
        double[] sample = {3, 1, 4, 1, 5};
        assertThat(Wasserstein.compare(sample, sample.clone()).distance()).isZero();
    }

    @Test
    void constantBaselineIsNormalisedByTheFloorNotByZero() {
        // σ_ref = 0 → divisor MIN_NORMALISER = 1e-3: a move of 1 unit reads as 1000 baseline "σ".
        WassersteinResult result = Wasserstein.compare(new double[] {3, 3, 3}, new double[] {4, 4});

        assertThat(result.distance()).isEqualTo(1.0);
        assertThat(result.normaliser()).isEqualTo(Wasserstein.MIN_NORMALISER);
        assertThat(result.normalised()).isCloseTo(1000.0, within(1e-9));
    }

    @Test
    void emptySampleOrSketchGivesDistanceZero() {
        assertThat(Wasserstein.compare(new double[] {1, 2}, new double[0]).normalised()).isZero();
        assertThat(Wasserstein.compare(KllDoublesSketch.newHeapInstance(), KllDoublesSketch.newHeapInstance(), 1.0)
                .normalised()).isZero();
    }

    @Test
    void invalidBaselineStdIsRejectedWithAClearMessage() {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance();
        sketch.update(1.0);
        assertThatThrownBy(() -> Wasserstein.compare(sketch, sketch, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard deviation");
    }

    /** Both point masses sit at the segment ends, so only the trivial bracket [0, 1] holds the exact 1. */
    @Test
    void binnedBracketOfTwoPointMassesHoldsTheirDistance() {
        Wasserstein.Bracket bracket = Wasserstein.binnedBracket(new double[] {0.5}, new double[] {1, 0},
                new double[] {0, 1}, 0, 1);
        assertThat(bracket.lower()).isZero();
        assertThat(bracket.upper()).isEqualTo(1.0);
    }

    /**
     * The bracket from exact bin fractions holds the exact W1 of the samples, on smooth, heavy-tailed,
     * near-constant and shifted data, and narrows as bins are added. Tolerance 1e-12 (relative): the
     * bracket and the exact integral sum the same widths in a different order.
     */
    @Test
    void binnedBracketHoldsTheExactDistanceAndNarrowsWithMoreBins() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int kind = trial % 4;
            double shift = trial % 3 == 0 ? 0 : 0.3;
            double[] reference = sample(random, kind, 2_000, 0);
            double[] current = sample(random, kind, 500, shift);
            double exact = Wasserstein.compare(reference, current).distance();
            double previousWidth = Double.POSITIVE_INFINITY;
            for (int bins : new int[] {10, 40, 160}) {
                double[] sorted = reference.clone();
                Arrays.sort(sorted);
                double[] edges = Binning.quantileEdges(sorted, bins);
                double min = Math.min(sorted[0], Arrays.stream(current).min().orElseThrow());
                double max = Math.max(sorted[sorted.length - 1], Arrays.stream(current).max().orElseThrow());
                Wasserstein.Bracket bracket = Wasserstein.binnedBracket(edges,
                        Binning.fractions(Binning.counts(edges, reference)),
                        Binning.fractions(Binning.counts(edges, current)), min, max);
                double slack = 1e-12 * Math.max(1, exact);
                assertThat(exact).as("trial %d, kind %d, %d bins", trial, kind, bins)
                        .isBetween(bracket.lower() - slack, bracket.upper() + slack);
                double width = bracket.upper() - bracket.lower();
                assertThat(width).isLessThanOrEqualTo(previousWidth + slack);
                previousWidth = width;
            }
        }
    }

    /** Clamping into a bracket that holds the exact value never moves the estimate away from it. */
    @Test
    void withinClampsTheEstimateAndKeepsTheSmallerErrorBound() {
        WassersteinResult estimate = new WassersteinResult(0.9, 2.0, 0.5);
        WassersteinResult clamped = estimate.within(new Wasserstein.Bracket(0.1, 0.3));
        assertThat(clamped.distance()).isEqualTo(0.3);
        assertThat(clamped.distanceErrorBound()).isEqualTo(0.3 - 0.1, within(1e-15));
        assertThat(clamped.normaliser()).isEqualTo(2.0);
        WassersteinResult inside = estimate.within(new Wasserstein.Bracket(0.0, 5.0));
        assertThat(inside.distance()).isEqualTo(0.9);
        assertThat(inside.distanceErrorBound()).isEqualTo(0.5);
    }

    /** 0 normal, 1 lognormal (heavy right tail), 2 near-constant (95% one value), 3 integers 0..4. */
    private static double[] sample(Random random, int kind, int n, double shift) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double g = random.nextGaussian();
            values[i] = shift + switch (kind) {
                case 0 -> g;
                case 1 -> Math.exp(g);
                case 2 -> random.nextDouble() < 0.95 ? 1.0 : 1.0 + g;
                default -> Math.floor(random.nextDouble() * 5);
            };
        }
        return values;
    }
}
