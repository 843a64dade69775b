package io.driftwatch.core.data;

/** Input data that cannot be read; the message names the file and, where known, the line. */
public final class DatasetException extends Exception {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
