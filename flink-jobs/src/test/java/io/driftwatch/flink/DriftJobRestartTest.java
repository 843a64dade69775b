package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.JobEnvironment;
import io.driftwatch.flink.testing.KafkaTopics;
import io.driftwatch.flink.testing.Poll;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the job with a savepoint while two feature alerts are firing and the model is in its
 * retrain cooldown, sends the rest of the traffic while it is down, and restores it: the alerts on
 * {@code drift-alerts}, read with read_committed, are each published exactly once across the
 * restart (no FIRING repeated, no RESOLVED missing), and the cooldown in state stops a second
 * retrain request.
 */
class DriftJobRestartTest {
    private static final long MINUTE = 60_000;

    @TempDir
    Path directory;

    @Test
    void alertsAreNeitherDuplicatedNorLostAcrossAStopAndRestore() throws Exception {
        try (JobEnvironment environment = JobEnvironment.start("restart")) {
            KafkaTopics kafka = environment.kafka();
            JobConfig config = environment.config(directory.resolve("checkpoints"));
            TrafficGenerator traffic = new TrafficGenerator(7);
            long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MINUTE) * MINUTE;
            Baseline baseline = traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE));
            kafka.send("baselines", 0, null, "fraud/v1",
                    EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO));

            JobClient first = DriftJobRunner.start(config, null);
            sendWindows(kafka, traffic, base, 0, 6);
            Poll.until("feature alerts to fire before the stop", Duration.ofSeconds(90),
                    () -> kafka.readCommitted("drift-alerts", DriftAlert.class).size(), n -> n >= 4);
            String savepoint = DriftJobRunner.stopWithSavepoint(first, directory.resolve("savepoints"));

            sendWindows(kafka, traffic, base, 6, 10);
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + 10 * MINUTE,
                    MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
            kafka.flush();
            JobClient second = DriftJobRunner.start(config, savepoint);
            Poll.until("the model-level alert to resolve after the restore", Duration.ofSeconds(90),
                    () -> kafka.readCommitted("drift-alerts", DriftAlert.class),
                    alerts -> alerts.stream().anyMatch(a -> a.getFeature() == null
                            && a.getStatus() == AlertStatus.RESOLVED));
            DriftJobRunner.stopWithSavepoint(second, directory.resolve("savepoints"));

            List<DriftAlert> alerts = kafka.readCommitted("drift-alerts", DriftAlert.class);
            Map<String, List<AlertStatus>> statusesByFingerprint = alerts.stream().collect(Collectors.groupingBy(
                    DriftAlert::getFingerprint, Collectors.mapping(DriftAlert::getStatus, Collectors.toList())));
            assertThat(statusesByFingerprint).hasSize(4);
            assertThat(statusesByFingerprint.values())
                    .allSatisfy(statuses -> assertThat(statuses).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED));
            assertThat(kafka.readCommitted("retrain-requests", RetrainRequest.class)).hasSize(1);
        }
    }

    private static void sendWindows(KafkaTopics kafka, TrafficGenerator traffic, long base, int from, int to) {
        for (int w = from; w < to; w++) {
            Mix mix = w >= 3 && w <= 5 ? Mix.DRIFTED : Mix.STATIONARY;
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + w * MINUTE, MINUTE,
                    1000, mix), PredictionEvent.class, WireFormat.AVRO);
        }
        kafka.flush();
    }
}
