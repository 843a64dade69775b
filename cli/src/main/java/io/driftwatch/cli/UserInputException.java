package io.driftwatch.cli;

/** A problem with what the user gave (file, flag, data): printed as one line, no stack trace. */
public final class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
