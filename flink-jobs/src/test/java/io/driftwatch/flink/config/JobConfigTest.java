package io.driftwatch.flink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schema.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    private static final String MINIMAL = """
            kafka: {bootstrap-servers: "localhost:9092"}
            influxdb: {url: "http://localhost:8086"}
            """;

    @Test
    void theDocumentedExampleLoadsAndValidates() {
        JobConfig config = JobConfigLoader.load(Path.of("job.example.yaml"));
        assertThat(config.topics().features().format()).isEqualTo(WireFormat.JSON);
        assertThat(config.windows().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.alerts().thresholdsFor("fraud-detector", "amount").psi().critical()).isEqualTo(0.4);
        assertThat(config.influxdb().token()).isNotNull();
    }

    @Test
    void aMinimalFileGetsTheDocumentedDefaults() {
        JobConfig config = JobConfigLoader.parse(MINIMAL, "job.yaml");
        assertThat(config.windows().allowedLateness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.alerts().defaults().psi().warning()).isEqualTo(0.1);
        assertThat(config.alerts().defaults().psi().critical()).isEqualTo(0.25);
        assertThat(config.alerts().defaults().ks().pValue()).isEqualTo(0.05);
        assertThat(config.alerts().defaults().ks().warningD()).isEqualTo(0.1);
        assertThat(config.checkpoints().transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anInvalidValueIsReportedWithItsKeyPath() {
        assertThatThrownBy(() -> JobConfigLoader.parse(MINIMAL + "windows: {allowed-lateness: -5s}\n", "job.yaml"))
                .hasMessageContaining("job.yaml: windows.allowed-lateness:");
        assertThatThrownBy(() -> JobConfigLoader.parse(MINIMAL + "windows: {size: soon}\n", "job.yaml"))
                .hasMessageContaining("windows.size").hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> JobConfigLoader.parse(MINIMAL
                + "alerts: {overrides: [{model: m, psi: {warning: 0.5, critical: 0.2}}]}\n", "job.yaml"))
                .hasMessageContaining("alerts.overrides[0].psi.critical");
    }

    @Test
    void aMisspelledKeyIsAnErrorNamingTheKnownKeys() {
        assertThatThrownBy(() -> JobConfigLoader.parse(MINIMAL + "windows: {lateness: 5s}\n", "job.yaml"))
                .hasMessageContaining("windows.lateness: unknown key").hasMessageContaining("allowed-lateness");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersDefaultMaximumIsRefused() {
        assertThatThrownBy(() -> JobConfigLoader.parse(MINIMAL + "checkpoints: {transaction-timeout: 1h}\n", "job.yaml"))
                .hasMessageContaining("checkpoints.transaction-timeout: must be at most 15m");
    }

    @Test
    void secretsAreReferencesThatNeverPrintTheirValue() {
        JobConfig config = JobConfigLoader.parse("""
                kafka: {bootstrap-servers: "localhost:9092"}
                influxdb: {url: "http://localhost:8086", username: writer, password: {env: PATH}}
                """, "job.yaml");
        assertThat(config.influxdb().password().reveal()).isEqualTo(System.getenv("PATH"));
        assertThat(config.influxdb().toString()).contains("***(env PATH)").doesNotContain(System.getenv("PATH"));
    }
}
