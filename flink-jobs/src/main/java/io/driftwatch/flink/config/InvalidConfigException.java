package io.driftwatch.flink.config;

/**
 * A configuration value that is missing or out of range. {@link #key()} is the key inside the record
 * that threw; {@link JobConfigLoader} puts the section path in front of it, so the message a user
 * reads is e.g. {@code job.yaml: windows.allowed-lateness: must not be negative}.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private final String key;

    public InvalidConfigException(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The problem without the key. */
    public String problem() {
        return key.isEmpty() ? getMessage() : getMessage().substring(key.length() + 2);
    }
}
