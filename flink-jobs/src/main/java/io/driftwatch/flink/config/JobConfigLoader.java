package io.driftwatch.flink.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link JobConfig} from YAML. Keys are kebab-case; unknown keys are errors (a typo must not
 * silently fall back to a default); durations are {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 7d} or ISO-8601 ({@code PT5M}). Every error names the file and the path of the bad key.
 */
public final class JobConfigLoader {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
            .build();
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private JobConfigLoader() {}

    public static JobConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("", file + ": no such file");
        } catch (IOException e) {
            throw new InvalidConfigException("", file + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static JobConfig parse(String yaml, String source) {
        try {
            JobConfig config = MAPPER.readValue(yaml, JobConfig.class);
            if (config == null) {
                throw new InvalidConfigException("", source + ": the file is empty");
            }
            return config;
        } catch (JsonMappingException e) {
            throw new InvalidConfigException("", source + ": " + describe(e));
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("", source + ": not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof InvalidConfigException invalid) {
            if (!invalid.key().isEmpty()) {
                path.append(path.length() == 0 ? "" : ".").append(invalid.key());
            }
            return (path.length() == 0 ? "" : path + ": ") + invalid.problem();
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return path + ": unknown key; known keys here: " + unknown.getKnownPropertyIds();
        }
        return (path.length() == 0 ? "" : path + ": ") + e.getOriginalMessage();
    }

    /** Durations in the short form operators write ({@code 30s}) or ISO-8601. */
    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null) {
                throw new InvalidConfigException("", "expected a duration such as 30s, 5m or PT5M");
            }
            Matcher m = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidConfigException("", "'" + text + "' is not a duration: use e.g. 500ms, 30s, 5m, 2h, 7d or PT5M");
            }
        }
    }
}
