package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** KS and W1 from KLL sketches stay within their stated error bound of the exact values. */
class SketchKolmogorovSmirnovTest {
    /** The project's defaults: a precise baseline sketch, a cheap per-window sketch. */
    private static final int REFERENCE_K = 2000;
    private static final int CURRENT_K = 200;

    private static double maxMeasuredDError;

    static Stream<ReferenceVectors.Case> numericCases() {
        return ReferenceVectors.numericCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void sketchDIsWithinItsErrorBoundOfTheExactDOnEveryNumericCase(ReferenceVectors.Case c) {
        double[] reference = c.reference();
        double[] current = c.current();

        KsResult exact = KolmogorovSmirnov.test(reference, current);
        KsResult sketched = KolmogorovSmirnov.test(sketch(reference, REFERENCE_K), sketch(current, CURRENT_K));

        double error = Math.abs(sketched.d() - exact.d());
        record(c.id(), error, sketched.dErrorBound());
        // The bound holds with ~99% confidence (DataSketches); 1e-12 absorbs rounding where both are exact.
        assertThat(error).isLessThanOrEqualTo(sketched.dErrorBound() + 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void sketchWassersteinIsWithinItsErrorBoundOnEveryNumericCase(ReferenceVectors.Case c) {
        WassersteinResult exact = Wasserstein.compare(c.reference(), c.current());
        WassersteinResult sketched = Wasserstein.compare(sketch(c.reference(), REFERENCE_K),
                sketch(c.current(), CURRENT_K), exact.normaliser());

        assertThat(Math.abs(sketched.distance() - exact.distance()))
                .isLessThanOrEqualTo(sketched.distanceErrorBound() + 1e-12);
    }

    @Test
    void sketchDIsWithinItsErrorBoundOnAMillionPoints() {
        SplittableRandom random = new SplittableRandom(20261126);
        double[] reference = random.doubles(1_000_000).map(u -> gaussian(random)).toArray();
        double[] current = random.doubles(1_000_000).map(u -> gaussian(random) + 0.05).toArray();

        KsResult exact = KolmogorovSmirnov.test(reference, current);
        KsResult sketched = KolmogorovSmirnov.test(sketch(reference, REFERENCE_K), sketch(current, CURRENT_K));

        double error = Math.abs(sketched.d() - exact.d());
        record("synthetic_1e6_normal_shift_0.05", error, sketched.dErrorBound());
        assertThat(error).isLessThanOrEqualTo(sketched.dErrorBound());
        assertThat(sketched.pValue()).isLessThan(1e-15); // D ≈ 0.02 at en = 5e5 is overwhelming evidence
    }

    @AfterAll
    static void reportMaxError() {
        System.out.printf("sketch KS: max |D_sketch − D_exact| = %.6f (k_ref=%d, k_cur=%d)%n",
                maxMeasuredDError, REFERENCE_K, CURRENT_K);
    }

    private static synchronized void record(String id, double error, double bound) {
        maxMeasuredDError = Math.max(maxMeasuredDError, error);
        System.out.printf("sketch KS %-40s |D_sketch − D_exact| = %.6f, bound %.6f%n", id, error, bound);
    }

    private static KllDoublesSketch sketch(double[] values, int k) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(k);
        for (double v : values) {
            sketch.update(v);
        }
        return sketch;
    }

    /** Box–Muller, so the test needs no extra dependency. */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
