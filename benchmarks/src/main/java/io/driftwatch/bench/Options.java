package io.driftwatch.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the benchmark programs, with defaults. */
final class Options {
    private Options() {}

    /** The options, each one of {@code defaults}' keys; an unknown name or a name without a value is an error. */
    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !defaults.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage(defaults) + "; got '" + args[i] + "'");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    private static String usage(Map<String, String> defaults) {
        StringBuilder usage = new StringBuilder();
        defaults.forEach((name, value) -> usage.append(" [--").append(name).append(' ').append(value).append(']'));
        return usage.toString().trim();
    }
}
