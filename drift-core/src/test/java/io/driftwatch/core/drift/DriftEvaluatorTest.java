package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {
    private static final TestSelection.Thresholds DEFAULTS = TestSelection.Thresholds.DEFAULTS;

    private static NumericProfile profileOf(NumericFeatureBaseline b, double[] values) {
        NumericProfile profile = NumericProfile.create(b.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(),
                b.getMin(), b.getMax(), NumericProfile.DEFAULT_WINDOW_K);
        for (double v : values) {
            profile.add(v);
        }
        return profile;
    }

    @Test
    void streamingPathAgreesWithExactPathWithinTheSketchBound() {
        SplittableRandom random = new SplittableRandom(11);
        double[] reference = random.doubles(50_000).map(u -> random.nextGaussian()).toArray();
        double[] current = random.doubles(20_000).map(u -> random.nextGaussian() + 0.3).toArray();
        NumericFeatureBaseline baseline = BaselineBuilder.numeric(new FeatureColumn.Numeric("x", reference),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();

        FeatureDrift.Numeric streaming = DriftEvaluator.numeric(baseline, profileOf(baseline, current), DEFAULTS);
        FeatureDrift.Numeric exact = DriftEvaluator.numericExact("x", reference, current, 10, DEFAULTS);

        // Same bins, exact counts on both paths: PSI, JS and Hellinger agree to rounding.
        assertThat(streaming.psi()).isCloseTo(exact.psi(), within(1e-12));
        assertThat(streaming.jensenShannon()).isCloseTo(exact.jensenShannon(), within(1e-12));
        assertThat(streaming.hellinger()).isCloseTo(exact.hellinger(), within(1e-12));
        // KS and W1 come from sketches: within the bounds the results carry.
        assertThat(Math.abs(streaming.ks().d() - exact.ks().d())).isLessThanOrEqualTo(streaming.ks().dErrorBound());
        assertThat(Math.abs(streaming.wasserstein().normalised() - exact.wasserstein().normalised()))
                .isLessThanOrEqualTo(streaming.wasserstein().normalisedErrorBound() + 1e-3);
        assertThat(streaming.verdict().drifted()).isTrue();
        assertThat(streaming.verdict().drifted()).isEqualTo(exact.verdict().drifted());
    }

    @Test
    void emptyWindowHasUndefinedDistributionMetricsAndNoDrift() {
        double[] reference = new SplittableRandom(3).doubles(1000).toArray();
        NumericFeatureBaseline baseline = BaselineBuilder.numeric(new FeatureColumn.Numeric("x", reference),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        NumericProfile empty = profileOf(baseline, new double[0]);
        empty.add((Double) null);

        FeatureDrift.Numeric drift = DriftEvaluator.numeric(baseline, empty, DEFAULTS);

        assertThat(drift.psi()).isNaN();
        assertThat(drift.currentCount()).isZero();
        assertThat(drift.missingFraction()).isEqualTo(1.0);
        assertThat(drift.verdict().drifted()).isFalse();
    }

    @Test
    void outOfRangeFractionCountsValuesBeyondTrainingMinMax() {
        double[] reference = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        NumericFeatureBaseline baseline = BaselineBuilder.numeric(new FeatureColumn.Numeric("x", reference),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        FeatureDrift.Numeric drift = DriftEvaluator.numeric(baseline, profileOf(baseline, new double[] {-1, 5, 10, 11}),
                DEFAULTS);
        assertThat(drift.outOfRangeFraction()).isEqualTo(0.75);
    }

    @Test
    void categoricalStreamingCountsUnseenAndPoolsThemInOneBucket() {
        String[] reference = {"a", "a", "b", "b", "c", "c", "a", "b"};
        CategoricalFeatureBaseline baseline = BaselineBuilder.categorical(new FeatureColumn.Categorical("k", reference),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        CategoricalProfile window = CategoricalProfile.create(baseline.getFrequencies().keySet(), 10);
        for (String value : new String[] {"a", "b", "x", "y", null}) {
            window.add(value);
        }

        FeatureDrift.Categorical drift = DriftEvaluator.categorical(baseline, window, DEFAULTS);

        assertThat(drift.unseenFraction()).isEqualTo(0.5);
        assertThat(drift.missingFraction()).isEqualTo(0.2);
        // Hand computation: ref a=3/8, b=3/8, c=2/8, other=0→ε; cur a=1/4, b=1/4, c=0→ε, other=2/4.
        double psi = (0.25 - 0.375) * Math.log(0.25 / 0.375) * 2 + (1e-4 - 0.25) * Math.log(1e-4 / 0.25)
                + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
        assertThat(drift.psi()).isCloseTo(psi, within(1e-12));
    }
}
