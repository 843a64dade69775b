package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.metric.DriftVerdict.Metric;
import io.driftwatch.core.metric.TestSelection.Thresholds;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class TestSelectionTest {
    private static final Thresholds DEFAULTS = Thresholds.DEFAULTS;

    @Test
    void smallNumericWindowWithALargeShiftDriftsByKs() {
        ReferenceVectors.Case c = ReferenceVectors.byId("05_mean_shift_1sd"); // n_cur = 1000, D = 0.411

        DriftVerdict verdict = TestSelection.numeric(c.reference(), c.current(), DEFAULTS);

        assertThat(verdict.metric()).isEqualTo(Metric.KS_P_VALUE);
        assertThat(verdict.drifted()).isTrue();
    }

    @Test
    void smallSampleWithoutSignificanceDoesNotDrift() {
        ReferenceVectors.Case c = ReferenceVectors.byId("11_small_n20"); // D = 0.4 but exact p = 0.081

        DriftVerdict verdict = TestSelection.numeric(c.reference(), c.current(), DEFAULTS);

        assertThat(verdict.metric()).isEqualTo(Metric.KS_P_VALUE);
        assertThat(verdict.drifted()).isFalse();
    }

    @Test
    void significantKsShiftBelowTheEffectSizeFloorDoesNotDrift() {
        // Grid 0..999/1000 vs the grid shifted by 0.07: D = 0.07, p ≈ 0.015 < 0.05, but D < 0.1.
        double[] reference = IntStream.range(0, 1000).mapToDouble(i -> i / 1000.0).toArray();
        double[] current = IntStream.range(0, 1000).mapToDouble(i -> i / 1000.0 + 0.0705).toArray();

        DriftVerdict verdict = TestSelection.numeric(reference, current, DEFAULTS);

        assertThat(verdict.value()).isLessThan(0.05);
        assertThat(verdict.drifted()).isFalse();
    }

    @Test
    void largeNumericWindowIsJudgedByNormalisedWasserstein() {
        ReferenceVectors.Case shifted = ReferenceVectors.byId("04_mean_shift_0.5sd"); // n_cur = 2000
        ReferenceVectors.Case tiny = ReferenceVectors.byId("13_large_n200k_tiny_shift"); // KS p = 1.2e-5

        DriftVerdict drifted = TestSelection.numeric(shifted.reference(), shifted.current(), DEFAULTS);
        DriftVerdict notDrifted = TestSelection.numeric(tiny.reference(), tiny.current(), DEFAULTS);

        assertThat(drifted.metric()).isEqualTo(Metric.WASSERSTEIN_NORMALISED);
        assertThat(drifted.drifted()).isTrue();
        assertThat(notDrifted.metric()).isEqualTo(Metric.WASSERSTEIN_NORMALISED);
        assertThat(notDrifted.drifted()).as("a significant but tiny shift at n = 200k").isFalse();
    }

    @Test
    void sketchesAreJudgedByTheSameRule() {
        ReferenceVectors.Case c = ReferenceVectors.byId("04_mean_shift_0.5sd");
        double baselineStd = c.expected().get("summary").get("ref_std").asDouble();

        DriftVerdict verdict = TestSelection.numeric(sketch(c.reference()), sketch(c.current()), baselineStd, DEFAULTS);

        assertThat(verdict.metric()).isEqualTo(Metric.WASSERSTEIN_NORMALISED);
        assertThat(verdict.drifted()).isTrue();
    }

    @Test
    void smallCategoricalWindowIsJudgedByChiSquare() {
        DriftVerdict verdict = TestSelection.categorical(Map.of("A", 500, "B", 500), Map.of("A", 80, "B", 20), DEFAULTS);

        assertThat(verdict.metric()).isEqualTo(Metric.CHI_SQUARE_P_VALUE);
        assertThat(verdict.drifted()).isTrue();
    }

    @Test
    void largeCategoricalWindowIsJudgedByJensenShannon() {
        ReferenceVectors.Case shift = ReferenceVectors.byId("17_categorical_new_and_missing"); // n_cur = 3000
        ReferenceVectors.Case same = ReferenceVectors.byId("16_categorical_no_shift");

        DriftVerdict drifted = TestSelection.categorical(shift.referenceCounts(), shift.currentCounts(), DEFAULTS);
        DriftVerdict notDrifted = TestSelection.categorical(same.referenceCounts(), same.currentCounts(), DEFAULTS);

        assertThat(drifted.metric()).isEqualTo(Metric.JENSEN_SHANNON);
        assertThat(drifted.drifted()).isTrue();
        assertThat(notDrifted.drifted()).isFalse();
    }

    @Test
    void emptyCurrentWindowNeverDrifts() {
        assertThat(TestSelection.numeric(new double[] {1, 2, 3}, new double[0], DEFAULTS).drifted()).isFalse();
        assertThat(TestSelection.categorical(Map.of("A", 3), Map.<String, Long>of(), DEFAULTS).drifted()).isFalse();
    }

    @Test
    void thresholdsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> new Thresholds(1.5, 0.1, 0.1, 0.05, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ksPValue");
    }

    private static KllDoublesSketch sketch(double[] values) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
        for (double v : values) {
            sketch.update(v);
        }
        return sketch;
    }
}
