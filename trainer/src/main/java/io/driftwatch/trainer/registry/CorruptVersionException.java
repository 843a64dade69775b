package io.driftwatch.trainer.registry;

/** A stored version cannot be used: its artifact or metadata is missing, unreadable or fails its sha256. */
public final class CorruptVersionException extends Exception {
    public CorruptVersionException(String message) {
        super(message);
    }

    public CorruptVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
