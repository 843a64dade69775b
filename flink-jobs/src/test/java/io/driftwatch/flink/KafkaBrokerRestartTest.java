package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Influx;
import io.driftwatch.flink.testing.KafkaTopics;
import io.driftwatch.flink.testing.Poll;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-JVM Kafka broker is stopped for a few seconds and started again (same port, same data)
 * while the job runs with a bounded restart strategy: the job recovers on its own (restarting from
 * its latest checkpoint when it has to) and every window, before and after the outage, is written
 * with its exact count.
 */
class KafkaBrokerRestartTest {
    private static final long MINUTE = 60_000;
    private static final int EVENTS_PER_WINDOW = 800;
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    @Test
    void jobRecoversFromABrokerRestartAndWritesEveryWindow() throws Exception {
        try (Influx influx = Influx.fromEnvironment();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().fixedPort(freePort()).build().start()) {
            DriftJobRunner.createTopics(broker);
            String database = "driftwatch_broker_restart_" + System.currentTimeMillis();
            influx.createDatabase(database);
            JobConfig config = DriftJobRunner.config(broker.bootstrapServers(), influx.url(), database,
                    directory.resolve("checkpoints"));
            TrafficGenerator traffic = new TrafficGenerator(5);
            long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MINUTE) * MINUTE;
            JobClient job = DriftJobRunner.startWithRestarts(config, 30, Duration.ofSeconds(1));
            try {
                try (KafkaTopics kafka = new KafkaTopics(broker)) {
                    Baseline baseline = traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE));
                    kafka.send("baselines", 0, null, "fraud/v1",
                            EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO));
                    sendWindows(kafka, traffic, base, 0, 4);
                    awaitWindows(influx, database, 3);
                }

                broker.stop();
                Thread.sleep(OUTAGE.toMillis());
                broker.start();

                try (KafkaTopics kafka = new KafkaTopics(broker)) {
                    sendWindows(kafka, traffic, base, 4, 8);
                    // A few events of the next window close the last full one.
                    kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + 8 * MINUTE,
                            MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
                    kafka.flush();
                }
                List<Influx.Row> rows = awaitWindows(influx, database, 8);
                assertThat(rows).extracting(Influx.Row::time).containsExactlyElementsOf(IntStream.rangeClosed(1, 8)
                        .mapToObj(w -> base + w * MINUTE).toList());
                assertThat(rows).allSatisfy(row -> assertThat(row.number("events")).isEqualTo(EVENTS_PER_WINDOW));
                assertThat(job.getJobStatus().get()).as("job status after the outage").isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
                influx.dropDatabase(database);
            }
        }
    }

    private static void sendWindows(KafkaTopics kafka, TrafficGenerator traffic, long base, int from, int to) {
        for (int w = from; w < to; w++) {
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + w * MINUTE, MINUTE,
                    EVENTS_PER_WINDOW, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
        }
        kafka.flush();
    }

    private static List<Influx.Row> awaitWindows(Influx influx, String database, int windows) {
        return Poll.until(windows + " windows in InfluxDB", Duration.ofSeconds(90),
                () -> influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'"),
                rows -> rows.size() >= windows);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
