package io.driftwatch.alerting.config;

import java.util.Objects;

/**
 * A credential (webhook URL, routing key, password) read from an environment variable or a file.
 * Its {@code toString} is {@code ***} so that it cannot leak through logs, exception messages or
 * records that contain it; {@link #reveal()} is called only where the value goes on the wire.
 */
public final class Secret {
    private final String value;
    private final String source;

    public Secret(String value, String source) {
        this.value = Objects.requireNonNull(value);
        this.source = Objects.requireNonNull(source);
    }

    /** The secret itself: only for building the request that needs it. */
    public String reveal() {
        return value;
    }

    /** Where it came from, e.g. {@code env SLACK_WEBHOOK_URL}: safe to log. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "***";
    }
}
