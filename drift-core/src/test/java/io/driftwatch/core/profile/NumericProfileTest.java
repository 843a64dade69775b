package io.driftwatch.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumericProfileTest {
    private static final double[] EDGES = {-1.0, 0.0, 1.0};

    @Test
    void countsValuesInRightClosedBinsAndTracksQuality() {
        NumericProfile profile = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        for (double v : new double[] {-1.0, -0.5, 0.0, 0.5, 1.0, 3.0, -5.0}) {
            profile.add(v);
        }
        profile.add((Double) null);
        profile.add(Double.NaN);
        profile.add(Double.POSITIVE_INFINITY);

        assertThat(profile.binCounts()).containsExactly(2, 2, 2, 1);
        assertThat(profile.count()).isEqualTo(7);
        assertThat(profile.missing()).isEqualTo(1);
        assertThat(profile.nonFinite()).isEqualTo(2);
        assertThat(profile.outOfRange()).isEqualTo(2);
        assertThat(profile.total()).isEqualTo(10);
        assertThat(profile.min()).isEqualTo(-5.0);
        assertThat(profile.max()).isEqualTo(3.0);
    }

    @Test
    void emptyProfileHasNoMomentsButNoErrors() {
        NumericProfile profile = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        assertThat(profile.count()).isZero();
        assertThat(profile.mean()).isNaN();
        assertThat(profile.variance()).isZero();
        assertThat(NumericProfile.fromBytes(profile.toBytes()).count()).isZero();
    }

    /** Property: profiles of the parts, merged, equal the profile of the whole. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 31})
    void mergedPartsEqualTheWhole(int parts) {
        SplittableRandom random = new SplittableRandom(parts);
        double[] values = random.doubles(50_000).map(u -> 3 * (u - 0.5) + random.nextGaussian()).toArray();
        NumericProfile whole = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        NumericProfile[] pieces = new NumericProfile[parts];
        for (int p = 0; p < parts; p++) {
            pieces[p] = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        }
        for (int i = 0; i < values.length; i++) {
            whole.add(values[i]);
            pieces[random.nextInt(parts)].add(values[i]);
        }
        NumericProfile merged = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        for (NumericProfile piece : pieces) {
            merged.merge(piece);
        }
        assertThat(merged.binCounts()).containsExactly(whole.binCounts());
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.outOfRange()).isEqualTo(whole.outOfRange());
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
        // Moments: Chan's merge vs Welford's stream differ only by rounding (1e-9 relative is ~10^6 ulps).
        assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(merged.variance()).isCloseTo(whole.variance(), within(1e-9 * whole.variance()));
        // Sketch: both are KLL sketches of the same data; each rank is within the rank error of the truth.
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double epsilon = merged.sketch().getNormalizedRankError(false);
        for (double q : new double[] {0.01, 0.25, 0.5, 0.75, 0.99}) {
            double x = sorted[(int) (q * (sorted.length - 1))];
            double trueRank = (double) upperBound(sorted, x) / sorted.length;
            assertThat(merged.sketch().getRank(x, QuantileSearchCriteria.INCLUSIVE)).isCloseTo(trueRank, within(epsilon));
        }
    }

    @Test
    void serialisedProfileRestoresIdenticalState() {
        NumericProfile profile = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        new SplittableRandom(7).doubles(100_000).forEach(u -> profile.add(u * 6 - 3));
        profile.add((Double) null);

        NumericProfile restored = NumericProfile.fromBytes(profile.toBytes());

        assertThat(restored.binCounts()).containsExactly(profile.binCounts());
        assertThat(restored.binEdges()).containsExactly(EDGES);
        assertThat(restored.missing()).isEqualTo(1);
        assertThat(restored.mean()).isEqualTo(profile.mean());
        assertThat(restored.variance()).isEqualTo(profile.variance());
        assertThat(restored.sketch().toByteArray()).isEqualTo(profile.sketch().toByteArray());
        assertThat(restored.toBytes()).isEqualTo(profile.toBytes());
    }

    @Test
    void serialisedSizeStaysSmallAsTheWindowGrows() {
        NumericProfile profile = NumericProfile.create(new double[9], -1, 1, NumericProfile.DEFAULT_WINDOW_K);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            profile.add(random.nextGaussian());
        }
        // KLL k=200 keeps O(k log(n/k)) items: well under the 16 KiB per feature the job budgets.
        assertThat(profile.toBytes().length).isLessThan(8 * 1024);
    }

    @Test
    void mergingProfilesOfDifferentBaselinesIsRefused() {
        NumericProfile a = NumericProfile.create(EDGES, -2.0, 2.0, 200);
        NumericProfile b = NumericProfile.create(new double[] {0.0}, -2.0, 2.0, 200);
        assertThatThrownBy(() -> a.merge(b)).hasMessageContaining("different bin edges");
    }

    @Test
    void unsortedEdgesAreRefused() {
        assertThatThrownBy(() -> NumericProfile.create(new double[] {1.0, 0.0}, 0, 1, 200))
                .hasMessageContaining("ascending");
    }

    private static int upperBound(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i < sorted.length && sorted[i] == x) {
            i++;
        }
        return i;
    }
}
