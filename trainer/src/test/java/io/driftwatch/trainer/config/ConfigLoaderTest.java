package io.driftwatch.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftwatch.core.calibration.CalibrationTarget;
import io.driftwatch.trainer.evaluate.Metric;

class ConfigLoaderTest {
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of("KAFKA_JAAS", "s3cr3t-password")::get);

    private static String minimal(String extra) {
        return """
                kafka: {bootstrap_servers: "localhost:9092"}
                registry: {path: /tmp/registry}
                models:
                  - id: credit
                    positive_class: "1"
                """ + extra;
    }

    @Test
    void exampleConfigurationIsValid() {
        TrainerConfig config = LOADER.load(Path.of("trainer.example.yaml"));

        assertThat(config.models()).extracting(ModelConfig::id).containsExactly("credit-risk", "churn-offline");
        ModelConfig credit = config.model("credit-risk").orElseThrow();
        assertThat(credit.evaluation().metric()).isEqualTo(Metric.AUC);
        assertThat(credit.data().timestampColumn()).contains("timestamp");
        assertThat(config.model("churn-offline").orElseThrow().data().source()).isEqualTo(ModelConfig.Source.FILES);
        assertThat(config.service().labelDelay()).isEqualTo(Duration.ofDays(7));
        assertThat(credit.driftCalibration()).hasValueSatisfying(c -> assertThat(c.eventsPerWindow()).isEqualTo(10_000));
        assertThat(config.model("churn-offline").orElseThrow().driftCalibration()).isEmpty();
    }

    @Test
    void driftCalibrationNeedsOnlyTheWindowSizeAndDefaultsToOneFalseAlarmPerMonth() {
        ModelConfig.DriftCalibration calibration = LOADER.parse(minimal("""
                    drift_calibration: {events_per_window: 5000}
                """)).models().get(0).driftCalibration().orElseThrow();

        assertThat(calibration.target()).isEqualTo(new CalibrationTarget(1, Duration.ofDays(30), Duration.ofHours(1),
                5000, 2, CalibrationTarget.DEFAULT_CRITICAL_RARITY));
        assertThat(calibration.seed()).isEqualTo(1L);
        assertThatThrownBy(() -> LOADER.parse(minimal("""
                    drift_calibration: {per: 7d}
                """))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("models[0].drift_calibration").hasMessageContaining("events_per_window is required");
    }

    @Test
    void defaultsFillWhatIsNotGiven() {
        TrainerConfig config = LOADER.parse(minimal(""));

        assertThat(config.topics().retrainRequests()).isEqualTo("retrain-requests");
        assertThat(config.service().cooldown()).isEqualTo(Duration.ofMinutes(30));
        ModelConfig model = config.models().get(0);
        assertThat(model.training().seed()).isEqualTo(42L);
        assertThat(model.evaluation().fraction()).isEqualTo(0.2);
        assertThat(model.data().source()).isEqualTo(ModelConfig.Source.TOPIC);
    }

    @Test
    void invalidValueIsReportedWithItsKeyPath() {
        assertThatThrownBy(() -> LOADER.parse(minimal("    evaluation: {fraction: 1.5}\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models[0].evaluation")
                .hasMessageContaining("fraction must be between 0 and 1");
    }

    @Test
    void unknownKeyIsAnErrorNamingItsPath() {
        assertThatThrownBy(() -> LOADER.parse(minimal("    trainng: {epochs: 3}\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models[0].trainng: unknown key");
    }

    @Test
    void badDurationAndMetricAreExplained() {
        assertThatThrownBy(() -> LOADER.parse(minimal("service: {cooldown: soon}\n")))
                .hasMessageContaining("service.cooldown").hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> LOADER.parse(minimal("    evaluation: {metric: gini}\n")))
                .hasMessageContaining("models[0].evaluation.metric").hasMessageContaining("unknown metric 'gini'");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertThatThrownBy(() -> LOADER.parse("registry: {path: /tmp/r}\nmodels: [{id: a, positive_class: '1'}]\n"))
                .hasMessageContaining("kafka is required");
        assertThatThrownBy(() -> LOADER.parse(minimal("  - id: credit\n    positive_class: '1'\n")))
                .hasMessageContaining("configured twice");
    }

    @Test
    void secretPropertiesComeFromTheEnvironmentAndAreNeverShown() {
        TrainerConfig config = LOADER.parse(minimal("").replace("kafka: {bootstrap_servers: \"localhost:9092\"}",
                "kafka: {bootstrap_servers: \"localhost:9092\", properties_from_env: {sasl.jaas.config: KAFKA_JAAS}}"));

        assertThat(config.kafka().clientProperties()).containsEntry("sasl.jaas.config", "s3cr3t-password");
        assertThat(config.toString()).doesNotContain("s3cr3t-password").contains("sasl.jaas.config");
    }

    @Test
    void missingSecretVariableNamesTheVariableNotAValue() {
        assertThatThrownBy(() -> LOADER.parse(minimal("").replace("kafka: {bootstrap_servers: \"localhost:9092\"}",
                "kafka: {bootstrap_servers: \"localhost:9092\", properties_from_env: {sasl.jaas.config: NOT_SET}}")))
                .hasMessageContaining("kafka.properties_from_env.sasl.jaas.config: environment variable NOT_SET is not set");
    }
}
