package io.driftwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BaselineBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

    @Test
    void numericFeatureGetsQuantileEdgesExactFractionsAndMoments() {
        double[] values = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        NumericFeatureBaseline b = BaselineBuilder.numeric(new FeatureColumn.Numeric("x", values),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        // numpy.quantile(1..100, 0.1) = 1 + 0.1*99 = 10.9
        assertThat(b.getBinEdges().get(0)).isCloseTo(10.9, within(1e-12));
        assertThat(b.getBinFractions()).hasSize(10).allSatisfy(f -> assertThat(f).isCloseTo(0.1, within(1e-12)));
        assertThat(b.getMean()).isEqualTo(50.5);
        assertThat(b.getStdDev()).isCloseTo(29.011491975882016, within(1e-12)); // numpy.std(ddof=1)
        assertThat(b.getMin()).isEqualTo(1.0);
        assertThat(b.getMax()).isEqualTo(100.0);
    }

    @Test
    void constantFeatureGivesEqualEdgesZeroStdAndAWarning() {
        List<String> warnings = new ArrayList<>();
        double[] values = new double[50];
        java.util.Arrays.fill(values, 4.0);
        NumericFeatureBaseline b = BaselineBuilder.numeric(new FeatureColumn.Numeric("c", values),
                BaselineOptions.DEFAULTS, warnings).orElseThrow();
        assertThat(b.getBinEdges()).containsOnly(4.0);
        assertThat(b.getBinFractions().get(0)).isEqualTo(1.0);
        assertThat(b.getStdDev()).isZero();
        assertThat(warnings).singleElement().asString().contains("constant");
    }

    @Test
    void allMissingFeatureIsLeftOutWithAWarning() {
        Dataset data = new Dataset("t", List.of(
                new FeatureColumn.Numeric("gone", new double[] {Double.NaN, Double.NaN}),
                new FeatureColumn.Categorical("empty", new String[] {null, null}),
                new FeatureColumn.Numeric("ok", new double[] {1.0, 2.0})));
        BaselineBuilder.Result result = BaselineBuilder.build("m", "v1", data, BaselineBuilder.Roles.FEATURES_ONLY,
                BaselineOptions.DEFAULTS, NOW);
        assertThat(result.baseline().getNumericFeatures()).extracting(NumericFeatureBaseline::getName).containsExactly("ok");
        assertThat(result.baseline().getCategoricalFeatures()).isEmpty();
        assertThat(result.warnings()).anyMatch(w -> w.contains("'gone' is missing in all 2 rows"))
                .anyMatch(w -> w.contains("'empty' is missing in all 2 rows"))
                .anyMatch(w -> w.contains("PSI will be noisy"));
    }

    @Test
    void singleRowGivesAUsableBaseline() {
        NumericFeatureBaseline b = BaselineBuilder.numeric(new FeatureColumn.Numeric("x", new double[] {3.0}),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        assertThat(b.getStdDev()).isZero();
        assertThat(b.getBinEdges()).hasSize(9).containsOnly(3.0);
    }

    @Test
    void categoricalKeepsMostFrequentAndFoldsTheTail() {
        String[] values = {"a", "a", "a", "b", "b", "c", "d", null};
        CategoricalFeatureBaseline b = BaselineBuilder.categorical(new FeatureColumn.Categorical("k", values),
                new BaselineOptions(10, 200, 2), new ArrayList<>()).orElseThrow();
        assertThat(b.getFrequencies()).containsOnlyKeys("a", "b");
        assertThat(b.getFrequencies().get("a")).isCloseTo(3.0 / 7, within(1e-15));
        assertThat(b.getOtherFraction()).isCloseTo(2.0 / 7, within(1e-15));
        assertThat(b.getMissingFraction()).isCloseTo(1.0 / 8, within(1e-15));
        assertThat(b.getCount()).isEqualTo(7);
    }

    @Test
    void scoreAndPredictedClassColumnsBecomeThePredictionBaseline() {
        Dataset data = new Dataset("t", List.of(
                new FeatureColumn.Numeric("x", new double[] {1, 2, 3}),
                new FeatureColumn.Numeric("score", new double[] {0.1, 0.5, 0.9}),
                new FeatureColumn.Categorical("label", new String[] {"0", "1", "1"})));
        Baseline baseline = BaselineBuilder.build("m", "v1", data,
                new BaselineBuilder.Roles(Optional.of("score"), Optional.of("label")), BaselineOptions.DEFAULTS, NOW)
                .baseline();
        assertThat(baseline.getNumericFeatures()).extracting(NumericFeatureBaseline::getName).containsExactly("x");
        assertThat(baseline.getPredictionScore().getName()).isEqualTo("score");
        assertThat(baseline.getPredictedClass().getFrequencies()).containsOnlyKeys("0", "1");
        assertThat(baseline.getRowCount()).isEqualTo(3);
    }
}
