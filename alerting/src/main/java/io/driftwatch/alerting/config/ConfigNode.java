package io.driftwatch.alerting.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One mapping of the YAML document with its path ({@code route.routes[1]}), reading typed values
 * and collecting every problem (instead of failing on the first) into a shared list, so that a
 * user sees all mistakes of a file at once, each named by the path of the bad key.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Function<String, String> environment;

    ConfigNode(JsonNode node, String path, List<String> problems, Function<String, String> environment) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.environment = environment;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(pathOf(key) + ": " + message);
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    /** Reports each key that is not one of {@code known}: a typo must not be silently ignored. */
    void rejectUnknownKeys(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(name, "unknown key (expected one of " + known.stream().sorted().toList() + ")");
            }
        }
    }

    Optional<String> optionalString(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            problem(key, "must be a non-empty string");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    String string(String key, String fallback) {
        return optionalString(key).orElse(fallback);
    }

    /** A required string; reports it and returns "" when absent. */
    String requiredString(String key) {
        if (!has(key)) {
            problem(key, "is required");
            return "";
        }
        return optionalString(key).orElse("");
    }

    Optional<Duration> optionalDuration(String key) {
        return optionalString(key).flatMap(text -> {
            Optional<Duration> duration = Durations.parse(text);
            if (duration.isEmpty()) {
                problem(key, "'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)");
            }
            return duration;
        });
    }

    Duration duration(String key, Duration fallback) {
        return optionalDuration(key).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(key, "'" + value.asText() + "' is not true or false");
            return fallback;
        }
        return value.booleanValue();
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
            problem(key, "'" + value.asText() + "' is not a whole number in " + min + ".." + max);
            return fallback;
        }
        return value.intValue();
    }

    List<String> strings(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(key, "must be a list of strings");
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.asText().isBlank()) {
                problems.add(pathOf(key) + "[" + i + "]: must be a non-empty string");
            } else {
                strings.add(item.asText());
            }
        }
        return strings;
    }

    Map<String, String> stringMap(String key) {
        ConfigNode map = child(key);
        Map<String, String> values = new LinkedHashMap<>();
        map.node.properties().forEach(entry -> {
            if (entry.getValue().isValueNode()) {
                values.put(entry.getKey(), entry.getValue().asText());
            } else {
                map.problem(entry.getKey(), "must be a string");
            }
        });
        return values;
    }

    /** The mapping under {@code key}; an empty one when absent, so defaults apply. */
    ConfigNode child(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return new ConfigNode(MissingNode.getInstance(), pathOf(key), problems, environment);
        }
        if (!value.isObject()) {
            problem(key, "must be a mapping of keys to values");
            return new ConfigNode(MissingNode.getInstance(), pathOf(key), problems, environment);
        }
        return new ConfigNode(value, pathOf(key), problems, environment);
    }

    /** The mappings of the list under {@code key}, each with its indexed path. */
    List<ConfigNode> children(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(key, "must be a list");
            return List.of();
        }
        List<ConfigNode> children = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            if (value.get(i).isObject()) {
                children.add(new ConfigNode(value.get(i), itemPath, problems, environment));
            } else {
                problems.add(itemPath + ": must be a mapping of keys to values");
            }
        }
        return children;
    }

    /**
     * A secret given as {@code <key>_env} (environment variable) or {@code <key>_file} (a file whose
     * content, trimmed, is the secret). An inline {@code <key>} is refused: configuration files get
     * committed and shared. Problems name the variable or file, never the value.
     */
    Optional<Secret> secret(String key) {
        if (has(key)) {
            problem(key, "secrets may not be written inline; use " + key + "_env or " + key + "_file");
            return Optional.empty();
        }
        Optional<String> variable = optionalString(key + "_env");
        Optional<String> file = optionalString(key + "_file");
        if (variable.isPresent() && file.isPresent()) {
            problem(key + "_env", "give either " + key + "_env or " + key + "_file, not both");
            return Optional.empty();
        }
        if (variable.isPresent()) {
            String value = environment.apply(variable.get());
            if (value == null || value.isBlank()) {
                problem(key + "_env", "environment variable " + variable.get() + " is not set");
                return Optional.empty();
            }
            return Optional.of(new Secret(value.trim(), "env " + variable.get()));
        }
        if (file.isPresent()) {
            try {
                String value = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    problem(key + "_file", "file " + file.get() + " is empty");
                    return Optional.empty();
                }
                return Optional.of(new Secret(value, "file " + file.get()));
            } catch (IOException e) {
                problem(key + "_file", "cannot read file " + file.get() + " (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    Secret requiredSecret(String key) {
        boolean given = has(key) || has(key + "_env") || has(key + "_file");
        Optional<Secret> secret = secret(key);
        if (!given) {
            problem(key + "_env", "is required (or " + key + "_file)");
        }
        return secret.orElse(new Secret("", "missing"));
    }
}
