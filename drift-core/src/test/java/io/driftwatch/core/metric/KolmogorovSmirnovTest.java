package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KolmogorovSmirnovTest {
    /** D is k/lcm(n, m) computed from two divisions; 1e-9 is far above their rounding. */
    private static final double D_TOLERANCE = 1e-9;

    /**
     * Relative tolerance against SciPy {@code kstwo.sf}, in percent (1e-4 % = 1e-6 relative). Measured on
     * the 14 cases: ≤ 5e-10 relative (case 13, the 100 000-term Smirnov sum), ≤ 1e-12 elsewhere, tiny
     * p-values included (no underflow), so 1e-6 is a 1000× margin. Not hit by the vectors: where
     * en·d² &lt; 2.2 and en &gt; 140, SciPy may use its exact Durbin matrix while we use commons-math's
     * Pelz–Good series, ~6e-6 relative apart (measured at en = 1000, d = 0.068; see KolmogorovSmirnov).
     */
    private static final double ASYMP_PERCENT = 1e-4;

    static Stream<ReferenceVectors.Case> numericCases() {
        return ReferenceVectors.numericCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void ksStatisticMatchesScipyOnEveryNumericCase(ReferenceVectors.Case c) {
        KsResult ks = KolmogorovSmirnov.test(c.reference(), c.current());

        assertThat(ks.d()).isCloseTo(c.expected().get("ks").get("statistic").asDouble(), within(D_TOLERANCE));
        assertThat(ks.effectiveN()).isCloseTo(c.expected().get("ks").get("effective_n_en").asDouble(), within(1e-9));
        assertThat(ks.dErrorBound()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void pValueMatchesTheScipyFlavourOfTheChosenMethodOnEveryNumericCase(ReferenceVectors.Case c) {
        JsonNode expected = c.expected().get("ks");
        KsResult ks = KolmogorovSmirnov.test(c.reference(), c.current());

        if (ks.pMethod().equals(KolmogorovSmirnov.P_EXACT)) {
            // commons-math exactP(strict=false) counts lattice paths like SciPy's method="exact";
            // both are double arithmetic on the same recursion, so only rounding separates them.
            assertThat(ks.pValue()).isCloseTo(expected.get("pvalue_exact").asDouble(), withinPercentage(1e-6));
        } else {
            assertThat(ks.pMethod()).isEqualTo(KolmogorovSmirnov.P_ASYMPTOTIC);
            assertThat(ks.pValue()).isCloseTo(expected.get("pvalue_asymp").asDouble(), withinPercentage(ASYMP_PERCENT));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void asymptoticPValueMatchesScipyKstwoOnEveryNumericCaseIncludingTinyPValues(ReferenceVectors.Case c) {
        JsonNode expected = c.expected().get("ks");
        long en = Math.round(expected.get("effective_n_en").asDouble());

        double p = KolmogorovSmirnov.asymptoticPValue(expected.get("statistic").asDouble(), en);

        assertThat(p).isCloseTo(expected.get("pvalue_asymp").asDouble(), withinPercentage(ASYMP_PERCENT));
    }

    @Test
    void tiesAreSteppedOverBeforeComparing() {
        // F_ref: 1→1/4, 2→3/4, 3→1 ; F_cur: 2→3/4, 4→1. |diff| at 1,2,3,4: 1/4, 0, 1/4, 0 → D = 1/4.
        // Comparing inside the run of 2s (after one 2 of each sample) would wrongly give 1/2.
        KsResult ks = KolmogorovSmirnov.test(new double[] {1, 2, 2, 3}, new double[] {2, 2, 2, 4});

        assertThat(ks.d()).isEqualTo(0.25);
    }

    @Test
    void identicalSamplesHaveDZeroAndPValueOne() {
        double[] sample = {3, 1, 4, 1, 5, 9, 2, 6};
        KsResult ks = KolmogorovSmirnov.test(sample, sample.clone());

        assertThat(ks.d()).isZero();
        assertThat(ks.pValue()).isEqualTo(1.0);
    }

    @Test
    void singleValueSamplesAreComparedExactly() {
        // n = m = 1: D = 1 whatever the order, so P(D ≥ 1) = 1.
        KsResult ks = KolmogorovSmirnov.test(new double[] {1}, new double[] {2});

        assertThat(ks.d()).isEqualTo(1.0);
        assertThat(ks.pValue()).isEqualTo(1.0);
        assertThat(ks.pMethod()).isEqualTo(KolmogorovSmirnov.P_EXACT);
    }

    @Test
    void emptyCurrentWindowGivesNoEvidence() {
        KsResult ks = KolmogorovSmirnov.test(new double[] {1, 2, 3}, new double[0]);

        assertThat(ks).isEqualTo(new KsResult(0.0, 1.0, 0.0, 0.0, KolmogorovSmirnov.P_EMPTY));
    }

    @Test
    void veryLargeEffectiveSampleSizeUsesTheKolmogorovLimit() {
        // λ = √en·d = 1.5: Q(1.5) = 2(e^−4.5 − e^−18 + e^−40.5 − …) = 0.022217962 (series summed in Python)
        double d = 1.5 / Math.sqrt(4_000_000);

        assertThat(KolmogorovSmirnov.asymptoticPValue(d, 4_000_000)).isCloseTo(0.022217962616525127, within(1e-15));
    }

    @Test
    void pValueOfAHugeShiftUnderflowsToZeroNotNaN() {
        assertThat(KolmogorovSmirnov.asymptoticPValue(0.999, 100_000)).isZero();
        assertThat(KolmogorovSmirnov.asymptoticPValue(0.5, 10_000_000)).isZero();
    }

    /**
     * Near-equal samples (ties of a binary feature) give √en·d far below where commons-math's Pelz–Good
     * series converges: it returned NaN or threw before; SciPy's {@code ks_2samp(method="asymp")} gives 1.
     */
    @Test
    void nearlyEqualBinarySamplesGivePValueOneNotNaNOrAnException() {
        double[] reference = binary(50_000, 50_000);

        assertThat(KolmogorovSmirnov.test(reference, binary(502, 498)).pValue()).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.test(reference, binary(5_003, 4_997)).pValue()).isEqualTo(1.0);
    }

    /**
     * {@code kstwo.sf(λ/√en, en)} from SciPy 1.17 on both sides of every switch (Durbin ≤ 140 < Pelz–Good,
     * λ = 0.2, Smirnov limit 10⁶). Tolerance 2e-5: Pelz–Good differs from SciPy's exact Durbin matrix by
     * ~1e-5 relative (class doc), and p ≈ 1 here.
     */
    @ParameterizedTest(name = "en={0} λ={1}")
    @CsvSource({
            "2, 0.001, 1.0",
            "2, 0.030, 1.0",
            "2, 0.060, 1.0",
            "2, 0.100, 1.0",
            "2, 0.190, 1.0",
            "2, 0.210, 1.0",
            "2, 0.300, 1.0",
            "2, 0.500, 0.9142135623730951",
            "50, 0.001, 1.0",
            "50, 0.030, 1.0",
            "50, 0.060, 1.0",
            "50, 0.100, 1.0",
            "50, 0.190, 0.9999999999956515",
            "50, 0.210, 0.999999999453588",
            "50, 0.300, 0.9999555282293853",
            "50, 0.500, 0.9487944875162981",
            "140, 0.001, 1.0",
            "140, 0.030, 1.0",
            "140, 0.060, 1.0",
            "140, 0.100, 1.0",
            "140, 0.190, 0.9999999999991316",
            "140, 0.210, 0.9999999998478799",
            "140, 0.300, 0.9999736451248569",
            "140, 0.500, 0.9548772475800795",
            "141, 0.001, 1.0",
            "141, 0.030, 1.0",
            "141, 0.060, 1.0",
            "141, 0.100, 1.0",
            "141, 0.190, 0.9999999999991405",
            "141, 0.210, 0.9999999998490793",
            "141, 0.300, 0.9999737264249865",
            "141, 0.500, 0.9549094893418928",
            "1000, 0.001, 1.0",
            "1000, 0.030, 1.0",
            "1000, 0.060, 1.0",
            "1000, 0.100, 1.0",
            "1000, 0.190, 0.9999999999998981",
            "1000, 0.210, 0.999999999970387",
            "1000, 0.300, 0.9999856452042073",
            "1000, 0.500, 0.9605616144751687",
            "10000, 0.001, 1.0",
            "10000, 0.030, 1.0",
            "10000, 0.060, 1.0",
            "10000, 0.100, 1.0",
            "10000, 0.190, 0.9999999999999664",
            "10000, 0.210, 0.9999999999870868",
            "10000, 0.300, 0.9999892575789189",
            "10000, 0.500, 0.9628778025204304",
            "100000, 0.001, 1.0",
            "100000, 0.030, 1.0",
            "100000, 0.060, 1.0",
            "100000, 0.100, 1.0",
            "100000, 0.190, 0.9999999999999771",
            "100000, 0.210, 0.9999999999903004",
            "100000, 0.300, 0.9999902553169786",
            "100000, 0.500, 0.963608000716019",
            "1000000, 0.001, 1.0",
            "1000000, 0.030, 1.0",
            "1000000, 0.060, 1.0",
            "1000000, 0.100, 1.0",
            "1000000, 0.190, 0.9999999999999799",
            "1000000, 0.210, 0.9999999999911624",
            "1000000, 0.300, 0.9999905569330594",
            "1000000, 0.500, 0.9638386310076212"
    })
    void smallStatisticsGiveSciPysPValueOnEveryBranch(long en, double lambda, double scipy) {
        double p = KolmogorovSmirnov.asymptoticPValue(lambda / Math.sqrt(en), en);

        assertThat(p).isCloseTo(scipy, within(2e-5));
    }

    private static double[] binary(int zeros, int ones) {
        double[] values = new double[zeros + ones];
        Arrays.fill(values, zeros, values.length, 1.0);
        return values;
    }

    @Test
    void invalidInputsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1, Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drop NaN");
        assertThatThrownBy(() -> KolmogorovSmirnov.exactPValue(0.1, 1000, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asymptoticPValue");
        assertThatThrownBy(() -> KolmogorovSmirnov.asymptoticPValue(0.1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
