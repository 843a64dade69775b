package io.driftwatch.flink.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a credential is, not the credential: {@code {env: INFLUX_TOKEN}} or
 * {@code {file: /run/secrets/influx-token}}. It is read only by {@link #reveal()}, on the machine that
 * uses it (a task manager), so it never travels inside the job graph, and {@link #toString()} shows
 * only the reference. A file's trailing newline is dropped.
 */
public final class Secret implements Serializable {
    private final String env;
    private final String file;

    @JsonCreator
    public Secret(@JsonProperty("env") String env, @JsonProperty("file") String file) {
        if ((env == null) == (file == null)) {
            throw new InvalidConfigException("", "a secret needs exactly one of env or file");
        }
        this.env = env;
        this.file = file;
    }

    /** The secret value; throws with a message naming the reference (not the value) when unavailable. */
    public String reveal() {
        if (env != null) {
            String value = System.getenv(env);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("environment variable " + env + " is not set");
            }
            return value;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && Objects.equals(env, other.env) && Objects.equals(file, other.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(env, file);
    }

    @Override
    public String toString() {
        return env != null ? "***(env " + env + ")" : "***(file " + file + ")";
    }
}
