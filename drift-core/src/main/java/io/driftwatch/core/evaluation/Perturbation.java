package io.driftwatch.core.evaluation;

import java.util.Map;

/**
 * How one window of a synthetic stream differs from the training distribution.
 *
 * @param meanShifts per numeric feature, a shift of the values by this many training standard
 *     deviations (absent: 0)
 * @param scales per numeric feature, deviations from the training mean multiplied by this factor
 *     (absent: 1), a variance change by its square
 * @param categoryMix per categorical feature, the weight of its alternative mix blended into its
 *     training mix (absent: 0)
 */
public record Perturbation(Map<String, Double> meanShifts, Map<String, Double> scales,
                           Map<String, Double> categoryMix) {
    public static final Perturbation NONE = new Perturbation(Map.of(), Map.of(), Map.of());

    public Perturbation {
        meanShifts = Map.copyOf(meanShifts);
        scales = Map.copyOf(scales);
        categoryMix = Map.copyOf(categoryMix);
    }

    public double meanShift(String feature) {
        return meanShifts.getOrDefault(feature, 0.0);
    }

    public double scale(String feature) {
        return scales.getOrDefault(feature, 1.0);
    }

    public double categoryMix(String feature) {
        return categoryMix.getOrDefault(feature, 0.0);
    }
}
