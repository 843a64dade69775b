package io.driftwatch.alerting.route;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher in Alertmanager's syntax: {@code name=value}, {@code name!=value},
 * {@code name=~regex}, {@code name!~regex}; the value may be double-quoted. An absent label
 * matches as the empty string, so {@code feature=""} selects model-level alerts. Regexes are
 * anchored (match the whole value).
 */
public record Matcher(String name, Operator operator, String value, Pattern pattern) {

    public enum Operator {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    public Matcher {
        Objects.requireNonNull(name);
        Objects.requireNonNull(operator);
        Objects.requireNonNull(value);
    }

    /** Parses {@code name<op>value}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Matcher parse(String text) {
        java.util.regex.Matcher parts = SYNTAX.matcher(text);
        if (!parts.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher (use label=value, label!=value, label=~regex or label!~regex)");
        }
        String value = parts.group(3);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        Operator operator = switch (parts.group(2)) {
            case "=" -> Operator.EQUAL;
            case "!=" -> Operator.NOT_EQUAL;
            case "=~" -> Operator.REGEX;
            default -> Operator.NOT_REGEX;
        };
        Pattern pattern = null;
        if (operator == Operator.REGEX || operator == Operator.NOT_REGEX) {
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + value + "' is not a valid regex: " + e.getDescription());
            }
        }
        return new Matcher(parts.group(1), operator, value, pattern);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (operator) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return name + operator.symbol() + "\"" + value + "\"";
    }
}
