package io.driftwatch.alerting.config;

import java.util.List;

/** The configuration is invalid; the message lists every problem, each naming the path of its key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid alerting configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
