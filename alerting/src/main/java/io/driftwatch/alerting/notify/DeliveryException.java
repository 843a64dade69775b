package io.driftwatch.alerting.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A notification was not accepted. {@code retryable} says whether trying again can help (5xx, 429,
 * network errors) or not (4xx: the request itself is wrong); {@code retryAfter} is the wait the
 * server asked for (HTTP 429 Retry-After). Messages never contain secrets such as webhook URLs.
 */
public final class DeliveryException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;

    public DeliveryException(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter.orElse(null);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, false, Optional.empty(), null);
    }

    public static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, true, Optional.empty(), cause);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
