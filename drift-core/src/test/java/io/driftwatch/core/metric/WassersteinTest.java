package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
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
}
