package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.CuttableTcpProxy;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Influx;
import io.driftwatch.flink.testing.KafkaTopics;
import io.driftwatch.flink.testing.Poll;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxDB goes away mid-stream (the link to the real server is cut, as when it is stopped) and comes
 * back: the job stays up, back-pressures and retries with backoff, and afterwards every window has
 * its points — none lost, none partial.
 */
class InfluxOutageTest {
    private static final long MINUTE = 60_000;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path checkpoints;

    @Test
    void jobSurvivesAnInfluxDbOutageAndWritesEveryWindowAfterwards() throws Exception {
        try (Influx influx = Influx.fromEnvironment();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            URI server = URI.create(influx.url());
            try (CuttableTcpProxy proxy = new CuttableTcpProxy(new InetSocketAddress(server.getHost(), server.getPort()));
                 KafkaTopics kafka = new KafkaTopics(broker)) {
                DriftJobRunner.createTopics(broker);
                String database = "driftwatch_outage_" + System.currentTimeMillis();
                influx.createDatabase(database);
                JobConfig config = DriftJobRunner.config(broker.bootstrapServers(),
                        "http://127.0.0.1:" + proxy.port(), database, checkpoints);
                JobClient job = DriftJobRunner.start(config, null);
                try {
                    TrafficGenerator traffic = new TrafficGenerator(7);
                    long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(2).toMillis(), MINUTE) * MINUTE;
                    Baseline baseline = traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE));
                    kafka.send("baselines", 0, null, "fraud/v1", EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO));

                    sendWindows(kafka, traffic, base, 0, 3);
                    awaitWindows(influx, database, 2);

                    proxy.cut();
                    sendWindows(kafka, traffic, base, 3, 7);
                    Instant outageEnd = Instant.now().plus(OUTAGE);
                    Poll.until("an outage of " + OUTAGE + " with the job retrying", OUTAGE.plusSeconds(60),
                            proxy::refusedConnections, retries -> retries >= 3 && Instant.now().isAfter(outageEnd));
                    assertThat(job.getJobStatus().get()).as("job status during the outage").isEqualTo(JobStatus.RUNNING);
                    proxy.restore();

                    // A few events of window 7 close window 6.
                    kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + 7 * MINUTE,
                            MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
                    kafka.flush();
                    List<Influx.Row> windows = awaitWindows(influx, database, 7);
                    assertThat(windows).extracting(Influx.Row::time)
                            .containsExactlyElementsOf(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L).stream()
                                    .map(w -> base + w * MINUTE).toList());
                    assertThat(windows).allSatisfy(row -> assertThat(row.number("events")).isEqualTo(800));
                    assertThat(influx.query(database, "SELECT count(psi) FROM drift WHERE model = 'fraud'"
                            + " GROUP BY feature")).hasSize(TrafficGenerator.INPUT_FEATURES.length)
                            .allSatisfy(row -> assertThat(row.number("count")).isEqualTo(7));
                    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                } finally {
                    job.cancel().get();
                    influx.dropDatabase(database);
                }
            }
        }
    }

    private static void sendWindows(KafkaTopics kafka, TrafficGenerator traffic, long base, int from, int to) {
        for (int w = from; w < to; w++) {
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + w * MINUTE, MINUTE,
                    800, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
        }
        kafka.flush();
    }

    private static List<Influx.Row> awaitWindows(Influx influx, String database, int windows) {
        return Poll.until(windows + " windows in InfluxDB", Duration.ofSeconds(90),
                () -> influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'"),
                rows -> rows.size() >= windows);
    }
}
