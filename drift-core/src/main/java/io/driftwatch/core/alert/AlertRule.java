package io.driftwatch.core.alert;

/**
 * Hysteresis of one alert series: it fires after {@code firingAfter} consecutive breaching windows
 * and resolves after {@code resolveAfter} consecutive clean ones, so one noisy window neither pages
 * nor clears a page.
 */
public record AlertRule(int firingAfter, int resolveAfter) {
    /** Fire on the 2nd breaching window in a row, resolve after 2 clean ones. */
    public static final AlertRule DEFAULT = new AlertRule(2, 2);

    public AlertRule {
        if (firingAfter < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("firingAfter and resolveAfter must be at least 1, got "
                    + firingAfter + " and " + resolveAfter);
        }
    }
}
