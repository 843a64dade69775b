package io.driftwatch.core.calibration;

import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CalibratedThreshold;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calibrates a baseline's drift thresholds to a false-alarm target ({@link CalibrationTarget}) by
 * simulating no-drift windows from its own training data ({@link NullSimulation}) and reading each
 * series' thresholds off the fitted null tail ({@link NullTail}):
 *
 * <pre>
 *   S = Σ_features |metrics watched on the feature|      (prediction score and class included)
 *   warning(f, m)  = Q_{f,m}(p_warning(S)),   critical(f, m) = Q_{f,m}(p_critical(S))
 * </pre>
 * where Q is the no-drift quantile of metric m on feature f at n = {@code eventsPerWindow}. The result
 * goes into {@link Baseline#setCalibration}; {@link CalibratedThresholds} reads it back, rescales it to a
 * window's actual size and applies the fixed critical floor.
 *
 * <p>A series whose simulated null is degenerate (a constant feature: every replicate 0) gets no
 * calibrated entry and keeps the fixed defaults — a zero threshold would breach on every window.
 */
public final class Calibrator {
    /** Recorded in the baseline for lineage; bump on any change that moves thresholds. */
    public static final String METHOD = "two-stage-bootstrap+exponential-pot/v2";

    private Calibrator() {}

    /**
     * Thresholds for {@code baseline}, built from {@code training} (the data it was built from: numeric
     * features need their training values for KS and Wasserstein).
     *
     * @throws IllegalArgumentException if a numeric feature of the baseline has no column in {@code training}
     */
    public static BaselineCalibration calibrate(Baseline baseline, Dataset training, CalibrationTarget target,
                                                NullSampling sampling) {
        List<NumericFeatureBaseline> numeric = new ArrayList<>(baseline.getNumericFeatures());
        Optional.ofNullable(baseline.getPredictionScore()).ifPresent(numeric::add);
        List<CategoricalFeatureBaseline> categorical = new ArrayList<>(baseline.getCategoricalFeatures());
        Optional.ofNullable(baseline.getPredictedClass()).ifPresent(categorical::add);
        int series = numeric.size() * MonitoredMetric.watchedOn(ColumnKind.NUMERIC).size()
                + categorical.size() * MonitoredMetric.watchedOn(ColumnKind.CATEGORICAL).size();
        double warningProbability = target.warningWindowProbability(series);
        double criticalProbability = target.criticalWindowProbability(series);
        List<CalibratedThreshold> thresholds = new ArrayList<>();
        for (NumericFeatureBaseline feature : numeric) {
            Map<MonitoredMetric, double[]> nulls = NullSimulation.numeric(feature, trainingValues(training, feature),
                    target.eventsPerWindow(), sampling);
            addThresholds(feature.getName(), nulls, warningProbability, criticalProbability, thresholds);
        }
        for (CategoricalFeatureBaseline feature : categorical) {
            Map<MonitoredMetric, double[]> nulls = NullSimulation.categorical(feature, target.eventsPerWindow(),
                    sampling);
            addThresholds(feature.getName(), nulls, warningProbability, criticalProbability, thresholds);
        }
        return BaselineCalibration.newBuilder()
                .setFalseAlarmsPerHorizon(target.falseAlarms())
                .setHorizonMs(target.horizon().toMillis())
                .setWindowMs(target.window().toMillis())
                .setEventsPerWindow(target.eventsPerWindow())
                .setFiringAfter(target.firingAfter())
                .setSeries(series)
                .setWarningWindowProbability(warningProbability)
                .setCriticalWindowProbability(criticalProbability)
                .setMethod(METHOD)
                .setBinReplicates(sampling.binReplicates())
                .setValueReplicates(sampling.valueReplicates())
                .setSeed(sampling.seed())
                .setThresholds(thresholds)
                .build();
    }

    private static void addThresholds(String feature, Map<MonitoredMetric, double[]> nulls, double warningProbability,
                                      double criticalProbability, List<CalibratedThreshold> out) {
        nulls.forEach((metric, replicates) -> {
            NullTail tail = NullTail.fit(Arrays.stream(replicates).map(metric.nullScale()::toQuadratic).toArray());
            double warning = metric.nullScale().fromQuadratic(tail.quantile(warningProbability));
            double critical = metric.nullScale().fromQuadratic(tail.quantile(criticalProbability));
            if (warning > 0) {
                out.add(new CalibratedThreshold(feature, metric.fieldName(), warning, critical));
            }
        });
    }

    private static double[] trainingValues(Dataset training, NumericFeatureBaseline feature) {
        FeatureColumn column = training.column(feature.getName()).orElseThrow(() -> new IllegalArgumentException(
                training.source() + ": no column '" + feature.getName() + "' to calibrate its baseline from"));
        if (!(column instanceof FeatureColumn.Numeric numericColumn)) {
            throw new IllegalArgumentException(training.source() + ": column '" + feature.getName()
                    + "' is categorical but the baseline has it as numeric");
        }
        return Arrays.stream(numericColumn.values()).filter(Double::isFinite).toArray();
    }
}
