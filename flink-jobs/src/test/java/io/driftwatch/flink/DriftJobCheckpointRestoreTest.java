package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Influx;
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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job is cancelled (no savepoint: open Kafka transactions are left behind, uncommitted work is
 * lost) five times while a drifting stream arrives, each time with windows processed after its
 * latest checkpoint, and restored from that checkpoint: every window is written once with its exact
 * count, and the alerts on {@code drift-alerts}, read with read_committed, are each published
 * exactly once (no FIRING repeated, no RESOLVED missing), as is the one retrain request.
 */
class DriftJobCheckpointRestoreTest {
    private static final long MINUTE = 60_000;
    private static final int CANCELS = 5;
    private static final int WINDOWS_PER_RUN = 2;
    private static final int PREDICTIONS_PER_WINDOW = 800;
    private static final int FEATURE_EVENTS_PER_WINDOW = 200;

    @TempDir
    Path directory;

    @Test
    void everyWindowAndAlertExactlyOnceAcrossFiveCancelsAndRestores() throws Exception {
        try (Influx influx = Influx.fromEnvironment();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            // Feature events on two partitions, like the predictions, all with data: at parallelism 2 a
            // source subtask without a partition holds the watermark back for the idleness timeout
            // (10 s) after every start, which would take most of this test's time.
            broker.createTopics(List.of(new NewTopic(DriftJobRunner.FEATURES, 2, (short) 1)));
            DriftJobRunner.createTopics(broker);
            String database = "driftwatch_restore_" + System.currentTimeMillis();
            influx.createDatabase(database);
            try (KafkaTopics kafka = new KafkaTopics(broker)) {
                Path checkpoints = directory.resolve("checkpoints");
                JobConfig config = DriftJobRunner.config(broker.bootstrapServers(), influx.url(), database, checkpoints);
                TrafficGenerator traffic = new TrafficGenerator(3);
                long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MINUTE) * MINUTE;
                Baseline baseline = traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE));
                kafka.send("baselines", 0, null, "fraud/v1", EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO));

                String restoreFrom = null;
                for (int run = 0; run < CANCELS; run++) {
                    JobClient job = DriftJobRunner.start(config, restoreFrom);
                    int sent = (run + 1) * WINDOWS_PER_RUN;
                    sendWindows(kafka, traffic, base, run * WINDOWS_PER_RUN, sent);
                    // The last window sent stays open; the ones before it close.
                    awaitWindows(influx, database, sent - 1);
                    Optional<Path> beforeWindowsWritten = latestCheckpoint(checkpoints, job);
                    Poll.until("a checkpoint after window " + (sent - 2) + " was written", Duration.ofSeconds(30),
                            () -> latestCheckpoint(checkpoints, job),
                            latest -> latest.isPresent() && !latest.equals(beforeWindowsWritten));
                    job.cancel().get();
                    // Only the latest checkpoint is retained, and one may have completed since the poll.
                    restoreFrom = latestCheckpoint(checkpoints, job).orElseThrow().toUri().toString();
                }
                JobClient last = DriftJobRunner.start(config, restoreFrom);
                int windows = CANCELS * WINDOWS_PER_RUN;
                // A few events of the next window close the last full one.
                sendOverBothPartitions(kafka, DriftJobRunner.PREDICTIONS, traffic.predictions("fraud", "v1",
                        base + windows * MINUTE, MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
                sendOverBothPartitions(kafka, DriftJobRunner.FEATURES, traffic.features("fraud", "v1",
                        base + windows * MINUTE, MINUTE / 4, 2, Mix.STATIONARY), FeatureEvent.class, WireFormat.JSON);
                List<Influx.Row> rows = awaitWindows(influx, database, windows);
                Poll.until("the model-level alert to resolve", Duration.ofSeconds(60),
                        () -> kafka.readCommitted("drift-alerts", DriftAlert.class),
                        alerts -> alerts.stream().anyMatch(a -> a.getFeature() == null
                                && a.getStatus() == AlertStatus.RESOLVED));
                DriftJobRunner.stopWithSavepoint(last, directory.resolve("savepoints"));

                assertThat(rows).extracting(Influx.Row::time).containsExactlyElementsOf(IntStream.rangeClosed(1, windows)
                        .mapToObj(w -> base + w * MINUTE).toList());
                assertThat(rows).allSatisfy(row -> assertThat(row.number("events"))
                        .isEqualTo(PREDICTIONS_PER_WINDOW + FEATURE_EVENTS_PER_WINDOW));
                Map<String, List<AlertStatus>> statusesByFingerprint = kafka.readCommitted("drift-alerts", DriftAlert.class)
                        .stream().collect(Collectors.groupingBy(DriftAlert::getFingerprint,
                                Collectors.mapping(DriftAlert::getStatus, Collectors.toList())));
                assertThat(statusesByFingerprint).hasSize(4);
                assertThat(statusesByFingerprint.values()).allSatisfy(statuses ->
                        assertThat(statuses).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED));
                assertThat(kafka.readCommitted("retrain-requests", RetrainRequest.class)).hasSize(1);
            } finally {
                influx.dropDatabase(database);
            }
        }
    }

    /**
     * Predictions (Avro, both partitions) and feature events (JSON) of each window; windows 3 to 5
     * drift (amount by 1σ, the device mix), the others are stationary. Every partition of both event
     * topics has data, so a restored job's watermark moves as soon as it reads.
     */
    private static void sendWindows(KafkaTopics kafka, TrafficGenerator traffic, long base, int from, int to) {
        for (int w = from; w < to; w++) {
            Mix mix = w >= 3 && w <= 5 ? Mix.DRIFTED : Mix.STATIONARY;
            sendOverBothPartitions(kafka, DriftJobRunner.PREDICTIONS, traffic.predictions("fraud", "v1",
                    base + w * MINUTE, MINUTE, PREDICTIONS_PER_WINDOW, mix), PredictionEvent.class, WireFormat.AVRO);
            sendOverBothPartitions(kafka, DriftJobRunner.FEATURES, traffic.features("fraud", "v1",
                    base + w * MINUTE, MINUTE, FEATURE_EVENTS_PER_WINDOW, mix), FeatureEvent.class, WireFormat.JSON);
        }
    }

    /** Alternately to both partitions of {@code topic}, each in event-time order. */
    private static <T extends SpecificRecord> void sendOverBothPartitions(KafkaTopics kafka, String topic, List<T> events,
                                                                         Class<T> type, WireFormat format) {
        for (int partition = 0; partition < 2; partition++) {
            int first = partition;
            kafka.sendAll(topic, partition, IntStream.range(0, events.size()).filter(i -> i % 2 == first)
                    .mapToObj(events::get).toList(), type, format);
        }
        kafka.flush();
    }

    private static Optional<Path> latestCheckpoint(Path checkpoints, JobClient job) {
        try {
            return DriftJobRunner.latestCheckpoint(checkpoints, job.getJobID());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Influx.Row> awaitWindows(Influx influx, String database, int windows) {
        return Poll.until(windows + " windows in InfluxDB", Duration.ofSeconds(60),
                () -> influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'"),
                rows -> rows.size() >= windows);
    }
}
