package io.driftwatch.demo.simulate;

/**
 * What happens to the world after the stationary start, and so which story the demo plays.
 */
public enum Scenario {
    /** Covariate shift in six features and a new fraud pattern: alerts, retrain, v2 deployed, drift resolved. */
    CONCEPT_DRIFT("concept-drift", true, true),
    /** The same covariate shift, but fraud keeps its old pattern: alerts, and v2 only if it really scores better. */
    COVARIATE_SHIFT("covariate-shift", true, false),
    /** Nothing changes: a run without alerts shows the false-alarm behaviour. */
    STATIONARY("stationary", false, false);

    private final String label;
    private final boolean shiftsFeatures;
    private final boolean changesConcept;

    Scenario(String label, boolean shiftsFeatures, boolean changesConcept) {
        this.label = label;
        this.shiftsFeatures = shiftsFeatures;
        this.changesConcept = changesConcept;
    }

    public String label() {
        return label;
    }

    public boolean shiftsFeatures() {
        return shiftsFeatures;
    }

    public boolean changesConcept() {
        return changesConcept;
    }

    /** The scenario of a command-line label, e.g. {@code concept-drift}. */
    public static Scenario ofLabel(String label) {
        for (Scenario scenario : values()) {
            if (scenario.label.equals(label)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "' (expected concept-drift, covariate-shift or stationary)");
    }

    @Override
    public String toString() {
        return label;
    }
}
