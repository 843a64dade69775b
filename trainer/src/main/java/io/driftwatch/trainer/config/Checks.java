package io.driftwatch.trainer.config;

/** Validation inside the configuration records; the loader prefixes each message with the key path. */
final class Checks {
    private Checks() {}

    static void required(Object value, String key) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
