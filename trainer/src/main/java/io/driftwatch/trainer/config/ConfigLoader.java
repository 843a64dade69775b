package io.driftwatch.trainer.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * Reads trainer.yaml into {@link TrainerConfig}. Unknown keys are errors (a typo must not silently
 * fall back to a default); every error names the path of the key, e.g.
 * {@code models[0].evaluation: fraction must be between 0 and 1}. Secret Kafka properties are read
 * from the environment here and never appear in messages.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new Jdk8Module())
            .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private final Function<String, String> environment;

    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public TrainerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public TrainerConfig parse(String yaml) {
        TrainerConfig config;
        try {
            config = YAML.readValue(yaml, TrainerConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        }
        if (config == null) {
            throw new ConfigException("the configuration is empty");
        }
        return new TrainerConfig(config.kafka().withSecrets(secrets(config.kafka())), config.topics(),
                config.registry(), config.service(), config.models());
    }

    private Map<String, String> secrets(TrainerConfig.Kafka kafka) {
        Map<String, String> secrets = new LinkedHashMap<>();
        kafka.propertiesFromEnv().forEach((property, variable) -> {
            String value = environment.apply(variable);
            if (value == null || value.isBlank()) {
                throw new ConfigException("kafka.properties_from_env." + property + ": environment variable "
                        + variable + " is not set");
            }
            secrets.put(property, value);
        });
        return secrets;
    }

    /** "models[0].evaluation: fraction must be ..." from Jackson's path and the record's own message. */
    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        String what;
        if (e instanceof UnrecognizedPropertyException unknown) {
            what = "unknown key (expected one of " + unknown.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().toList() + ")";
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            what = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
        }
        return (path.isEmpty() ? "" : path + ": ") + what;
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Durations.parse(parser.getValueAsString(""));
        }
    }
}
