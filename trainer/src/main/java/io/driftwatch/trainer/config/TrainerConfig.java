package io.driftwatch.trainer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The trainer's YAML configuration (see trainer/trainer.example.yaml), immutable once loaded. */
public record TrainerConfig(Kafka kafka, Topics topics, Registry registry, Service service, List<ModelConfig> models) {
    public TrainerConfig {
        Checks.required(kafka, "kafka");
        Checks.required(registry, "registry");
        topics = topics == null ? new Topics(null, null, null, null) : topics;
        service = service == null ? new Service(null, null, null, null, null) : service;
        models = models == null ? List.of() : List.copyOf(models);
        Checks.check(!models.isEmpty(), "models must list at least one model");
        Set<String> ids = new HashSet<>();
        for (ModelConfig model : models) {
            Checks.check(ids.add(model.id()), "models: model '" + model.id() + "' is configured twice");
        }
    }

    public Optional<ModelConfig> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * Kafka clients' settings. {@code properties} go to every client as they are;
     * {@code properties_from_env} maps a client property to the environment variable holding its
     * value, so that credentials (e.g. {@code sasl.jaas.config}) never sit in the file. The resolved
     * secret values live in {@code secretProperties}, which {@link #toString()} never shows.
     */
    public record Kafka(String bootstrapServers, String groupId, Map<String, String> properties,
                        Map<String, String> propertiesFromEnv, Map<String, String> secretProperties) {
        public Kafka {
            Checks.required(bootstrapServers, "bootstrap_servers");
            groupId = groupId == null ? "driftwatch-trainer" : groupId;
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            propertiesFromEnv = propertiesFromEnv == null ? Map.of() : Map.copyOf(propertiesFromEnv);
            secretProperties = secretProperties == null ? Map.of() : Map.copyOf(secretProperties);
        }

        /** Settings for a Kafka client: bootstrap servers, plain and secret properties. */
        public Map<String, Object> clientProperties() {
            Map<String, Object> client = new LinkedHashMap<>(properties);
            client.putAll(secretProperties);
            client.put("bootstrap.servers", bootstrapServers);
            return client;
        }

        Kafka withSecrets(Map<String, String> secrets) {
            return new Kafka(bootstrapServers, groupId, properties, propertiesFromEnv, secrets);
        }

        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", properties="
                    + properties.keySet() + ", secretProperties=" + secretProperties.keySet() + " (values hidden)]";
        }
    }

    public record Topics(String retrainRequests, String labelledExamples, String modelDeployments, String baselines) {
        public Topics {
            retrainRequests = retrainRequests == null ? "retrain-requests" : retrainRequests;
            labelledExamples = labelledExamples == null ? "labelled-examples" : labelledExamples;
            modelDeployments = modelDeployments == null ? "model-deployments" : modelDeployments;
            baselines = baselines == null ? "baselines" : baselines;
        }
    }

    public record Registry(Path path) {
        public Registry {
            Checks.required(path, "path");
        }
    }

    /**
     * How the service paces itself. {@code cooldown}: after a model was retrained (deployed or
     * rejected), its further requests within this time are recorded as COOLDOWN and not trained.
     * {@code retry_backoff}..{@code max_retry_backoff}: waits between attempts after a transient
     * failure (Kafka or disk unavailable); the request is retried, never dropped.
     * {@code label_delay}: how long after {@code data_to} labels may still arrive on the topic.
     * {@code read_timeout}: longest time to read one request's labelled examples.
     */
    public record Service(Duration cooldown, Duration retryBackoff, Duration maxRetryBackoff, Duration labelDelay,
                          Duration readTimeout) {
        public Service {
            cooldown = cooldown == null ? Duration.ofMinutes(30) : cooldown;
            retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
            maxRetryBackoff = maxRetryBackoff == null ? Duration.ofMinutes(5) : maxRetryBackoff;
            labelDelay = labelDelay == null ? Duration.ofDays(7) : labelDelay;
            readTimeout = readTimeout == null ? Duration.ofMinutes(2) : readTimeout;
            Checks.check(!cooldown.isNegative(), "cooldown must not be negative");
            Checks.check(retryBackoff.toMillis() > 0, "retry_backoff must be longer than 0");
            Checks.check(maxRetryBackoff.compareTo(retryBackoff) >= 0, "max_retry_backoff must not be shorter than retry_backoff");
            Checks.check(!labelDelay.isNegative(), "label_delay must not be negative");
            Checks.check(readTimeout.toMillis() > 0, "read_timeout must be longer than 0");
        }
    }
}
