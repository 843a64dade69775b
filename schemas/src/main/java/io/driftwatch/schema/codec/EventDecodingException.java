package io.driftwatch.schema.codec;

import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;

/** Bytes that could not be turned into an event; carries the typed reason for the dead-letter topic. */
public final class EventDecodingException extends Exception {
    private final transient Rejection rejection;

    public EventDecodingException(RejectReason reason, String message, Throwable cause) {
        super(reason.code() + ": " + message, cause);
        this.rejection = new Rejection(reason, message);
    }

    public Rejection rejection() {
        return rejection;
    }
}
