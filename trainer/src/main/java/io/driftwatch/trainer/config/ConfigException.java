package io.driftwatch.trainer.config;

/** The trainer configuration is invalid; the message names the path of the bad key and what to do. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
