package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PsiTest {
    private static final int BINS = 10;
    /** The vectors' PSI and ours are the same float operations up to summation order: 1e-9 is generous. */
    private static final double PSI_TOLERANCE = 1e-9;

    static Stream<ReferenceVectors.Case> numericCases() {
        return ReferenceVectors.numericCases();
    }

    static Stream<ReferenceVectors.Case> categoricalCases() {
        return ReferenceVectors.categoricalCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void binEdgesAndCountsMatchNumpyOnEveryNumericCase(ReferenceVectors.Case c) {
        double[] edges = edgesOf(c.reference());
        JsonNode bins = c.expected().get("psi_bins");

        // Edges are type-7 interpolations; numpy and Java round the same products, 1e-12 absorbs the last ulp.
        assertThat(edges).containsExactly(ReferenceVectors.doubles(bins.get("edges_type7")), within(1e-12));
        assertThat(Binning.counts(edges, c.reference())).containsExactly(ReferenceVectors.longs(bins.get("ref_counts")));
        assertThat(Binning.counts(edges, c.current())).containsExactly(ReferenceVectors.longs(bins.get("cur_counts")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void psiMatchesScipyOnEveryNumericCase(ReferenceVectors.Case c) {
        double[] edges = edgesOf(c.reference());
        double[] referenceFractions = Binning.fractions(Binning.counts(edges, c.reference()));
        long[] currentCounts = Binning.counts(edges, c.current());

        assertThat(Psi.of(referenceFractions, currentCounts))
                .isCloseTo(c.expected().get("psi").asDouble(), within(PSI_TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void psiEqualsTheClipEpsilonVariantWhenNoProportionIsBelowEpsilon(ReferenceVectors.Case c) {
        // With n ≤ 200k per side, every non-zero proportion is ≥ 5e-6; the vectors' clip_eps value is the check.
        double[] edges = edgesOf(c.reference());
        double psi = Psi.of(Distributions.toDoubles(Binning.counts(edges, c.reference())),
                Distributions.toDoubles(Binning.counts(edges, c.current())));

        assertThat(psi).isCloseTo(c.expected().get("psi_variants").get("clip_eps").asDouble(), within(PSI_TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categoricalCases")
    void categoricalPsiMatchesScipyOnEveryCategoricalCase(ReferenceVectors.Case c) {
        assertThat(Psi.categorical(c.referenceCounts(), c.currentCounts()))
                .isCloseTo(c.expected().get("psi").asDouble(), within(PSI_TOLERANCE));
    }

    @Test
    void constantReferenceFollowsTheRightClosedConventionNotTheLeftClosedVariant() {
        // Right-closed bins are the engine's convention (Binning); left_closed and inverted_cdf variants are
        // not supported. Case 14 is where it matters: left-closed bins would hide the drift (PSI 0).
        ReferenceVectors.Case c = ReferenceVectors.byId("14_constant_reference_edge");
        double[] edges = edgesOf(c.reference());

        double psi = Psi.of(Binning.fractions(Binning.counts(edges, c.reference())), Binning.counts(edges, c.current()));

        assertThat(c.expected().get("psi_variants").get("left_closed").asDouble()).isZero();
        assertThat(psi).isCloseTo(c.expected().get("psi").asDouble(), within(PSI_TOLERANCE)).isGreaterThan(0.7);
    }

    @Test
    void psiOfIdenticalDistributionsIsZero() {
        assertThat(Psi.of(new double[] {0.2, 0.3, 0.5}, new double[] {20, 30, 50})).isZero();
    }

    @Test
    void psiMatchesAHandComputedValue() {
        // p = (0.5, 0.5), q = (0.25, 0.75):
        // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5) = 0.25·(ln 2 + ln 1.5) = 0.25·ln 3 = 0.274653072...
        assertThat(Psi.of(new double[] {0.5, 0.5}, new long[] {1, 3})).isCloseTo(0.25 * Math.log(3), within(1e-15));
    }

    @Test
    void zeroProportionIsReplacedByEpsilonWithoutRenormalisation() {
        // p = (1, 0), q = (0.5, 0.5): (0.5 − 1)·ln(0.5) + (0.5 − ε)·ln(0.5/ε), ε = 1e-4
        double expected = -0.5 * Math.log(0.5) + (0.5 - Psi.EPSILON) * Math.log(0.5 / Psi.EPSILON);
        assertThat(Psi.of(new double[] {1, 0}, new long[] {5, 5})).isCloseTo(expected, within(1e-12));
    }

    @Test
    void unseenCategoriesAreFoldedIntoTheOtherBucket() {
        Map<String, Integer> reference = Map.of("A", 60, "B", 30, "other", 10);
        Map<String, Integer> current = Map.of("A", 60, "B", 30, "new1", 6, "new2", 4);

        assertThat(Psi.categorical(reference, current, "other")).isZero();
        assertThat(Psi.categorical(reference, current)).isGreaterThan(1.0);
    }

    @Test
    void unseenBucketAbsentFromTheReferenceGetsEpsilon() {
        // reference (0.5, 0.5, other 0 → ε), current (0.5, 0.25, other 0.25)
        double expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.25 - Psi.EPSILON) * Math.log(0.25 / Psi.EPSILON);
        assertThat(Psi.categorical(Map.of("A", 1, "B", 1), Map.of("A", 2, "B", 1, "C", 1), "other"))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void emptyCurrentWindowHasPsiZero() {
        assertThat(Psi.of(new double[] {0.5, 0.5}, new long[] {0, 0})).isZero();
        assertThat(Psi.categorical(Map.of("A", 3), Map.<String, Long>of())).isZero();
    }

    @Test
    void constantReferenceShiftedCurrentShowsDrift() {
        double[] reference = new double[100];
        double[] current = new double[100];
        Arrays.fill(current, 1.0);
        double[] edges = edgesOf(reference);

        double psi = Psi.of(Binning.fractions(Binning.counts(edges, reference)), Binning.counts(edges, current));

        // all reference in bin 0, all current in bin 9: 2·(1 − ε)·ln(1/ε) ≈ 18.42
        assertThat(psi).isCloseTo(2 * (1 - Psi.EPSILON) * Math.log(1 / Psi.EPSILON), within(1e-12));
    }

    @Test
    void invalidInputsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same bins");
        assertThatThrownBy(() -> Psi.of(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one bin");
        assertThatThrownBy(() -> Psi.of(new double[] {0, 0}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference has no observations");
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, Double.NaN}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite and non-negative");
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {-1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite and non-negative");
    }

    private static double[] edgesOf(double[] reference) {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        return Binning.quantileEdges(sorted, BINS);
    }
}
