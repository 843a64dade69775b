package io.driftwatch.flink.config;

import java.time.Duration;

/** Checks used by the configuration records; each failure names the key it is about. */
final class ConfigCheck {
    private ConfigCheck() {}

    static void that(boolean condition, String key, String problem) {
        if (!condition) {
            throw new InvalidConfigException(key, problem);
        }
    }

    static void required(String key, Object value) {
        that(value != null, key, "is required");
    }

    static void notBlank(String key, String value) {
        that(value != null && !value.isBlank(), key, "is required");
    }

    static void notNegative(String key, Duration value) {
        that(!value.isNegative(), key, "must not be negative, got " + value);
    }
}
