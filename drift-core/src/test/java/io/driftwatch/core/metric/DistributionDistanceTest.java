package io.driftwatch.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jensen–Shannon, Hellinger and L∞ on hand-computed examples and their identities. */
class DistributionDistanceTest {
    private static final double[] POINT_MASS = {1, 0};
    private static final double[] FAIR_COIN = {0.5, 0.5};

    @Test
    void jensenShannonMatchesAHandComputedValue() {
        // p = (1, 0), q = (½, ½), m = (¾, ¼):
        // KL(p‖m) = log2(4/3) = 0.4150375; KL(q‖m) = ½·log2(2/3) + ½·log2(2) = 0.2075187
        // JS = sqrt((0.4150375 + 0.2075187) / 2) = 0.5579230 (SciPy jensenshannon(p, q, base=2) agrees)
        assertThat(JensenShannon.distance(POINT_MASS, FAIR_COIN)).isCloseTo(0.5579230452841438, within(1e-15));
    }

    @Test
    void jensenShannonNormalisesCountsLikeScipy() {
        assertThat(JensenShannon.distance(new double[] {7, 0}, new double[] {3, 3}))
                .isEqualTo(JensenShannon.distance(POINT_MASS, FAIR_COIN));
    }

    @Test
    void hellingerMatchesAHandComputedValue() {
        // H² = 1 − Σ √(p q) = 1 − √½ = 0.2928932 → H = 0.5411961
        assertThat(Hellinger.distance(POINT_MASS, FAIR_COIN)).isCloseTo(0.5411961001461969, within(1e-15));
    }

    @Test
    void lInfinityIsTheLargestChangeOfOneShare() {
        // |0.2 − 0.25| = 0.05, |0.3 − 0.25| = 0.05, |0.5 − 0.5| = 0 → 0.05
        assertThat(LInfinity.distance(new double[] {2, 3, 5}, new double[] {25, 25, 50})).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void identicalDistributionsAreAtDistanceZero() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        double[] counts = {10, 20, 30, 40};

        assertThat(JensenShannon.distance(p, counts)).isZero();
        assertThat(Hellinger.distance(p, counts)).isCloseTo(0.0, within(1e-8)); // √p·√p rounding: ~1e-9
        assertThat(LInfinity.distance(p, counts)).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void disjointDistributionsAreAtDistanceOne() {
        double[] left = {3, 1, 0, 0};
        double[] right = {0, 0, 2, 2};

        assertThat(JensenShannon.distance(left, right)).isEqualTo(1.0);
        assertThat(Hellinger.distance(left, right)).isEqualTo(1.0);
        assertThat(LInfinity.distance(left, right)).isEqualTo(0.75);
    }

    @Test
    void categoricalMapsAreComparedOverTheUnionOfCategories() {
        AlignedCategories aligned = AlignedCategories.union(Map.of("A", 1), Map.of("B", 1));

        assertThat(aligned.categories()).containsExactly("A", "B");
        assertThat(JensenShannon.distance(aligned.reference(), aligned.current())).isEqualTo(1.0);
    }

    @Test
    void emptyCurrentWindowIsAtDistanceZero() {
        double[] empty = {0, 0};

        assertThat(JensenShannon.distance(FAIR_COIN, empty)).isZero();
        assertThat(Hellinger.distance(FAIR_COIN, empty)).isZero();
        assertThat(LInfinity.distance(FAIR_COIN, empty)).isZero();
    }

    @Test
    void emptyReferenceIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> JensenShannon.distance(new double[] {0, 0}, FAIR_COIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference has no observations");
    }
}
