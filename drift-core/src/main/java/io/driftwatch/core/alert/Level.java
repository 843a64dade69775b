package io.driftwatch.core.alert;

/** How bad one window's value is against its thresholds. Ordered: a later constant is worse. */
public enum Level {
    OK,
    WARNING,
    CRITICAL;

    public boolean isBreach() {
        return this != OK;
    }

    public Level worst(Level other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
