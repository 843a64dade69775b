package io.driftwatch.core.calibration;

import io.driftwatch.core.alert.Threshold;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CalibratedThreshold;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The thresholds the alert code applies to one window of one series: calibrated when the baseline
 * carries a calibration for the series, the metric's fixed defaults otherwise.
 *
 * <p><b>Windows of another size.</b> Calibration simulated windows of n_cal values; a window with
 * n values sees null noise of a different size. Both the warning and critical quantiles are rescaled
 * with the asymptotic law of the metric's null ({@link MonitoredMetric.NullScale}), m being the
 * feature's training count:
 * <pre>
 *   r = (1/n + 1/m) / (1/n_cal + 1/m);   PSI: × r;   KS D, W1, JS: × √r
 * </pre>
 * Within a factor {@link #MAX_SIZE_RATIO} of n_cal this is a small correction ({@link Provenance#CALIBRATED});
 * beyond it the law is extrapolated — for KS and W1 the sketch error, which does not shrink with n,
 * is no longer represented — and the result is flagged {@link Provenance#EXTRAPOLATED}: recalibrate
 * for that traffic. An empty window keeps the calibrated values (its metrics are NaN and never breach).
 *
 * <p><b>Critical floor.</b> The calibrated critical limit is raised to the metric's fixed critical
 * limit when below it: at large n the null quantiles are tiny, and a statistically certain but
 * practically negligible shift should warn, not page as critical.
 */
public final class CalibratedThresholds {
    /** Largest ratio between a window's size and the calibrated size that is not flagged. */
    public static final double MAX_SIZE_RATIO = 2.0;

    /** Where a window's thresholds came from. */
    public enum Provenance {
        /** The baseline carries no calibration for the series: the metric's fixed defaults. */
        FIXED_DEFAULT,
        /** Calibrated, the window within {@link #MAX_SIZE_RATIO} of the calibrated size. */
        CALIBRATED,
        /** Calibrated, rescaled to a window far from the calibrated size: recalibrate. */
        EXTRAPOLATED
    }

    /** The thresholds of one window of one series, and where they came from. */
    public record WindowThreshold(Threshold threshold, Provenance provenance) {}

    private record Key(String feature, MonitoredMetric metric) {}

    private final Map<Key, CalibratedThreshold> calibrated;
    private final Map<String, Long> trainingCounts;
    private final long calibratedEvents;

    private CalibratedThresholds(Map<Key, CalibratedThreshold> calibrated, Map<String, Long> trainingCounts,
                                 long calibratedEvents) {
        this.calibrated = calibrated;
        this.trainingCounts = trainingCounts;
        this.calibratedEvents = calibratedEvents;
    }

    /** The lookup for a baseline; fixed defaults throughout when it has no calibration. */
    public static CalibratedThresholds of(Baseline baseline) {
        Map<String, Long> trainingCounts = new HashMap<>();
        baseline.getNumericFeatures().forEach(f -> trainingCounts.put(f.getName(), f.getCount()));
        baseline.getCategoricalFeatures().forEach(f -> trainingCounts.put(f.getName(), f.getCount()));
        Optional.ofNullable(baseline.getPredictionScore()).map(NumericFeatureBaseline::getCount)
                .ifPresent(count -> trainingCounts.put(baseline.getPredictionScore().getName(), count));
        Optional.ofNullable(baseline.getPredictedClass()).map(CategoricalFeatureBaseline::getCount)
                .ifPresent(count -> trainingCounts.put(baseline.getPredictedClass().getName(), count));
        Map<Key, CalibratedThreshold> calibrated = new HashMap<>();
        BaselineCalibration calibration = baseline.getCalibration();
        if (calibration != null) {
            for (CalibratedThreshold entry : calibration.getThresholds()) {
                MonitoredMetric.ofFieldName(entry.getMetric()).filter(m -> trainingCounts.containsKey(entry.getFeature()))
                        .ifPresent(metric -> calibrated.put(new Key(entry.getFeature(), metric), entry));
            }
        }
        return new CalibratedThresholds(calibrated, trainingCounts,
                calibration == null ? 0 : calibration.getEventsPerWindow());
    }

    /** The thresholds for {@code metric} of {@code feature} in a window of {@code windowCount} present values. */
    public WindowThreshold forWindow(String feature, MonitoredMetric metric, long windowCount) {
        CalibratedThreshold entry = calibrated.get(new Key(feature, metric));
        if (entry == null) {
            return new WindowThreshold(metric.fixedDefault(), Provenance.FIXED_DEFAULT);
        }
        long n = windowCount < 1 ? calibratedEvents : windowCount;
        double m = trainingCounts.get(feature);
        double varianceRatio = (1.0 / n + 1.0 / m) / (1.0 / calibratedEvents + 1.0 / m);
        double scale = metric.nullScale().fromQuadratic(varianceRatio);
        double warning = entry.getWarning() * scale;
        double critical = Math.max(entry.getCritical() * scale, metric.fixedDefault().critical());
        double sizeRatio = (double) Math.max(n, calibratedEvents) / Math.min(n, calibratedEvents);
        return new WindowThreshold(Threshold.above(warning, Math.max(warning, critical)),
                sizeRatio > MAX_SIZE_RATIO ? Provenance.EXTRAPOLATED : Provenance.CALIBRATED);
    }

    /** Whether any series of the baseline is calibrated. */
    public boolean isCalibrated() {
        return !calibrated.isEmpty();
    }
}
