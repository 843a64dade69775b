package io.driftwatch.core.alert;

/**
 * Where one alert series stands. Immutable; the Flink job keeps it in keyed state per
 * (model, version, feature, metric).
 *
 * @param phase OK, PENDING (breaching, not yet long enough) or FIRING
 * @param breachStreak consecutive breaching windows so far
 * @param cleanStreak consecutive clean windows while FIRING
 * @param firedLevel level announced by the last FIRING transition (OK when not firing)
 * @param startedAt end of the first breaching window of the current episode (epoch ms), 0 when OK
 */
public record AlertState(Phase phase, int breachStreak, int cleanStreak, Level firedLevel, long startedAt) {
    public static final AlertState INITIAL = new AlertState(Phase.OK, 0, 0, Level.OK, 0L);

    /** Phases of an alert series. */
    public enum Phase {
        OK,
        PENDING,
        FIRING
    }
}
