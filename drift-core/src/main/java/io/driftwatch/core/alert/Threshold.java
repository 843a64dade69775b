package io.driftwatch.core.alert;

/**
 * Warning and critical limits of one metric. For metrics where larger is worse (PSI, KS D, JS) a
 * value at or above a limit breaches it; for metrics where smaller is worse (accuracy, AUC, a
 * p-value) at or below.
 */
public record Threshold(double warning, double critical, Direction direction) {
    /** Which side of the limits is bad. */
    public enum Direction {
        HIGHER_IS_WORSE,
        LOWER_IS_WORSE
    }

    public Threshold {
        if (!Double.isFinite(warning) || !Double.isFinite(critical)) {
            throw new IllegalArgumentException("thresholds must be finite, got " + warning + " and " + critical);
        }
        boolean ordered = direction == Direction.HIGHER_IS_WORSE ? warning <= critical : warning >= critical;
        if (!ordered) {
            throw new IllegalArgumentException("critical threshold " + critical + " must be "
                    + (direction == Direction.HIGHER_IS_WORSE ? "at or above" : "at or below")
                    + " the warning threshold " + warning);
        }
    }

    public static Threshold above(double warning, double critical) {
        return new Threshold(warning, critical, Direction.HIGHER_IS_WORSE);
    }

    public static Threshold below(double warning, double critical) {
        return new Threshold(warning, critical, Direction.LOWER_IS_WORSE);
    }

    /** The level of {@code value}; NaN (metric undefined in this window) is never a breach. */
    public Level level(double value) {
        if (Double.isNaN(value)) {
            return Level.OK;
        }
        if (breaches(value, critical)) {
            return Level.CRITICAL;
        }
        return breaches(value, warning) ? Level.WARNING : Level.OK;
    }

    /** The limit a value of {@code level} crossed (the warning limit for OK). */
    public double limitFor(Level level) {
        return level == Level.CRITICAL ? critical : warning;
    }

    private boolean breaches(double value, double limit) {
        return direction == Direction.HIGHER_IS_WORSE ? value >= limit : value <= limit;
    }
}
