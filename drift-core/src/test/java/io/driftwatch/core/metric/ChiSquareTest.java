package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChiSquareTest {
    /** Statistics are sums of a few float terms, as in SciPy: 1e-9 relative is pure rounding headroom. */
    private static final double STATISTIC_PERCENT = 1e-7;
    /**
     * p = Q(dof/2, χ²/2): commons-math's continued fraction vs SciPy's cephes igamc, both converged to
     * ~1e-14; down at 1e-131 the relative error stays small because Q is computed directly, not as 1 − P.
     */
    private static final double P_PERCENT = 1e-7;

    static Stream<ReferenceVectors.Case> categoricalCases() {
        return ReferenceVectors.categoricalCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categoricalCases")
    void contingencyMatchesScipyChi2ContingencyOnEveryCategoricalCase(ReferenceVectors.Case c) {
        JsonNode expected = c.expected().get("chi2_contingency");

        ChiSquareResult result = ChiSquare.homogeneity(c.referenceCounts(), c.currentCounts());

        assertThat(result.statistic()).isCloseTo(expected.get("statistic").asDouble(), withinPercentage(STATISTIC_PERCENT));
        assertThat(result.pValue()).isCloseTo(expected.get("pvalue").asDouble(), withinPercentage(P_PERCENT));
        assertThat(result.degreesOfFreedom()).isEqualTo(expected.get("dof").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categoricalCases")
    void goodnessOfFitMatchesScipyChisquareOnEveryCategoricalCase(ReferenceVectors.Case c) {
        JsonNode expected = c.expected().get("chisquare_gof");

        ChiSquareResult result = ChiSquare.goodnessOfFit(c.referenceCounts(), c.currentCounts());

        if (expected.isNull()) {
            // SciPy gives no value when a reference count is 0 (the vectors' chisquare_gof_note): a current
            // observation in a category of reference probability 0 is impossible under H0, our documented
            // answer is an infinite statistic with p = 0.
            assertThat(result.statistic()).isInfinite();
            assertThat(result.pValue()).isZero();
            return;
        }
        assertThat(result.statistic()).isCloseTo(expected.get("statistic").asDouble(), withinPercentage(STATISTIC_PERCENT));
        assertThat(result.pValue()).isCloseTo(expected.get("pvalue").asDouble(), withinPercentage(P_PERCENT));
        assertThat(result.degreesOfFreedom()).isEqualTo(expected.get("dof").asInt());
    }

    @Test
    void goodnessOfFitOfAnImpossibleCategoryIsInfiniteWithPZero() {
        ChiSquareResult result = ChiSquare.goodnessOfFit(Map.of("A", 0.5, "B", 0.5), Map.of("A", 10, "B", 10, "NEW", 1));

        assertThat(result).isEqualTo(new ChiSquareResult(Double.POSITIVE_INFINITY, 0.0, 2));
    }

    @Test
    void yatesCorrectionAppliesOnlyWithOneDegreeOfFreedom() {
        // 2×2 table [[10, 20], [20, 10]]: E = 15 everywhere, |O − E| = 5 → 4.5 after Yates:
        // χ² = 4 · 4.5² / 15 = 5.4 (SciPy chi2_contingency default); without Yates it would be 4 · 25 / 15.
        ChiSquareResult result = ChiSquare.homogeneity(new double[] {10, 20}, new double[] {20, 10});

        assertThat(result.statistic()).isCloseTo(5.4, within(1e-12));
        assertThat(result.degreesOfFreedom()).isEqualTo(1);
        // p = P(χ²₁ ≥ 5.4) = erfc(√2.7) = 0.020136… (erfc evaluated in Python)
        assertThat(result.pValue()).isCloseTo(0.02013675155034634, withinPercentage(1e-7));
    }

    @Test
    void columnsEmptyOnBothSidesAreDropped() {
        ChiSquareResult withEmptyColumn = ChiSquare.homogeneity(new double[] {10, 0, 20, 5}, new double[] {12, 0, 18, 9});
        ChiSquareResult without = ChiSquare.homogeneity(new double[] {10, 20, 5}, new double[] {12, 18, 9});

        assertThat(withEmptyColumn).isEqualTo(without);
        assertThat(without.degreesOfFreedom()).isEqualTo(2);
    }

    @Test
    void emptyCurrentWindowOrSingleCategoryGivesNoEvidence() {
        ChiSquareResult noEvidence = new ChiSquareResult(0.0, 1.0, 0);
        assertThat(ChiSquare.homogeneity(new double[] {5, 5}, new double[] {0, 0})).isEqualTo(noEvidence);
        assertThat(ChiSquare.goodnessOfFit(new double[] {5, 5}, new double[] {0, 0})).isEqualTo(noEvidence);
        assertThat(ChiSquare.homogeneity(Map.of("A", 5), Map.of("A", 7))).isEqualTo(noEvidence);
    }

    @Test
    void invalidInputsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> ChiSquare.homogeneity(new double[] {0, 0}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference has no observations");
        assertThatThrownBy(() -> ChiSquare.goodnessOfFit(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same bins");
    }
}
