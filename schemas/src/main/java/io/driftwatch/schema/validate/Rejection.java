package io.driftwatch.schema.validate;

import java.util.Objects;

/**
 * A typed reason plus a message that names the offending field or value; what a later stage puts on
 * the dead-letter topic.
 */
public record Rejection(RejectReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return reason.code() + ": " + message;
    }
}
