package io.driftwatch.core.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * One kind of synthetic stream: what the windows look like, and which features (if any) truly drift
 * from which window on.
 *
 * @param name identifier for {@code --scenario}
 * @param description what changes, in words
 * @param driftedFeatures features whose distribution truly changes (empty: nothing drifts, every alert is false)
 * @param onsetWindow index of the first drifted window (0 when nothing drifts)
 * @param seasonalAmplitude the seasonal feature's daily amplitude ({@link SyntheticModel})
 * @param perturbation the window's perturbation, by index within the stream
 */
public record Scenario(String name, String description, Set<String> driftedFeatures, int onsetWindow,
                       double seasonalAmplitude, IntFunction<Perturbation> perturbation) {
    /** Clean windows before the onset of drift: chances for false alarms and a warm alert state. */
    public static final int PRE_DRIFT_WINDOWS = 24;
    /** Drifted windows watched after the onset before a stream counts as a missed detection. */
    public static final int DRIFT_WINDOWS = 48;

    private static final String ONE = "income_lognormal";
    private static final List<String> SEVERAL = List.of("age_normal", "income_lognormal", "latency_bimodal");

    public Scenario {
        driftedFeatures = Set.copyOf(driftedFeatures);
    }

    /** Whether anything drifts in this scenario. */
    public boolean hasDrift() {
        return !driftedFeatures.isEmpty();
    }

    /** Every scenario, in report order. */
    public static List<Scenario> catalog() {
        return List.of(
                new Scenario("stationary", "no change at all", Set.of(), 0, 0, w -> Perturbation.NONE),
                abruptShift(0.25, List.of(ONE), "one"),
                abruptShift(0.5, List.of(ONE), "one"),
                abruptShift(1.0, List.of(ONE), "one"),
                abruptShift(0.25, SEVERAL, "several"),
                abruptShift(0.5, SEVERAL, "several"),
                abruptShift(1.0, SEVERAL, "several"),
                new Scenario("gradual-1sd", ONE + " mean ramps linearly from 0 to +1 sd over " + DRIFT_WINDOWS
                        + " windows", Set.of(ONE), PRE_DRIFT_WINDOWS, 0,
                        w -> w < PRE_DRIFT_WINDOWS ? Perturbation.NONE : new Perturbation(Map.of(ONE,
                                (double) (w - PRE_DRIFT_WINDOWS + 1) / DRIFT_WINDOWS), Map.of(), Map.of())),
                new Scenario("variance-x1.44", "age_normal spread x1.2 around its mean (variance x1.44)",
                        Set.of("age_normal"), PRE_DRIFT_WINDOWS, 0,
                        w -> w < PRE_DRIFT_WINDOWS ? Perturbation.NONE
                                : new Perturbation(Map.of(), Map.of("age_normal", 1.2), Map.of())),
                new Scenario("categorical-mix", "channel mix web/app 50%/30% -> 40%/40%", Set.of("channel"),
                        PRE_DRIFT_WINDOWS, 0, w -> w < PRE_DRIFT_WINDOWS ? Perturbation.NONE
                                : new Perturbation(Map.of(), Map.of(), Map.of("channel", 0.5))),
                new Scenario("seasonality", SyntheticModel.SEASONAL_FEATURE + " has a daily cycle of amplitude 1 sd of"
                        + " its noise; training covers the whole day, each window one hour of it (not drift)",
                        Set.of(), 0, 3.0, w -> Perturbation.NONE));
    }

    /** The scenario called {@code name}. */
    public static Optional<Scenario> named(String name) {
        return catalog().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Scenario abruptShift(double sds, List<String> features, String label) {
        Map<String, Double> shifts = new LinkedHashMap<>();
        features.forEach(f -> shifts.put(f, sds));
        Perturbation shifted = new Perturbation(shifts, Map.of(), Map.of());
        String size = sds == 1.0 ? "1" : Double.toString(sds);
        return new Scenario("shift-" + size + "sd-" + label, "+" + size + " sd mean shift in " + String.join(", ", features),
                Set.copyOf(features), PRE_DRIFT_WINDOWS, 0, w -> w < PRE_DRIFT_WINDOWS ? Perturbation.NONE : shifted);
    }
}
