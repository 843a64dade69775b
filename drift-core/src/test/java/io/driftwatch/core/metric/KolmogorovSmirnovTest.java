package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
