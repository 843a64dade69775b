package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.CuttableTcpProxy;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Influx;
import io.driftwatch.flink.testing.JobEnvironment;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxDB goes away mid-stream for 60 s of wall time (the link to the real server is cut, as when
 * it is stopped: open connections closed, new ones refused) and comes back: the job stays RUNNING
 * throughout without a single restart (it runs with no restart strategy, so any failure would end
 * it), back-pressures and retries with backoff, and afterwards every window has every one of its
 * points — the same series as the window written before the outage, each with all its events.
 */
class InfluxOutageTest {
    private static final long MINUTE = 60_000;
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final int EVENTS_PER_WINDOW = 800;
    /** Measurements the job writes for every closed window of the monitored model (no labels here, no alerts). */
    private static final List<String> MEASUREMENTS = List.of("drift", "prediction", "data_quality", "engine", "latency",
            "performance");

    @TempDir
    Path checkpoints;

    @Test
    void jobSurvivesASixtySecondInfluxDbOutageAndWritesEveryPointOfEveryWindowAfterwards() throws Exception {
        try (JobEnvironment environment = JobEnvironment.start("outage")) {
            Influx influx = environment.influx();
            String database = environment.database();
            KafkaTopics kafka = environment.kafka();
            URI server = URI.create(influx.url());
            try (CuttableTcpProxy proxy = new CuttableTcpProxy(new InetSocketAddress(server.getHost(), server.getPort()))) {
                JobConfig config = DriftJobRunner.config(environment.broker().bootstrapServers(),
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
                    Instant outageStart = Instant.now();
                    sendWindows(kafka, traffic, base, 3, 7);
                    Instant outageEnd = outageStart.plus(OUTAGE);
                    // Watch the job the whole outage: it must never leave RUNNING (no failover either).
                    Poll.until("an outage of " + OUTAGE + " with the job running and retrying", OUTAGE.plusSeconds(30),
                            () -> {
                                assertThat(status(job)).as("job status during the outage").isEqualTo(JobStatus.RUNNING);
                                return proxy.refusedConnections();
                            }, retries -> Instant.now().isAfter(outageEnd));
                    assertThat(proxy.refusedConnections()).as("connections the job tried while InfluxDB was away")
                            .isGreaterThanOrEqualTo(10);
                    assertThat(influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'"))
                            .as("windows written when the link was cut (windows 3 to 6 wait in the job)").hasSizeLessThan(7);
                    proxy.restore();

                    // A few events of window 7 close window 6.
                    kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + 7 * MINUTE,
                            MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
                    kafka.flush();
                    List<Long> windowEnds = LongStream.rangeClosed(1, 7).mapToObj(w -> base + w * MINUTE).toList();
                    List<Influx.Row> windows = awaitWindows(influx, database, 7);
                    assertThat(windows).extracting(Influx.Row::time).containsExactlyElementsOf(windowEnds);
                    assertThat(windows).allSatisfy(row -> assertThat(row.number("events")).isEqualTo(EVENTS_PER_WINDOW));
                    assertEveryWindowHasEveryPoint(influx, database, windowEnds);
                    assertThat(status(job)).isEqualTo(JobStatus.RUNNING);
                } finally {
                    job.cancel().get();
                }
            }
        }
    }

    /**
     * Every window (those before, during and after the outage) has exactly the series of the first
     * window, written before the link was cut, in every per-window measurement; every feature's and the
     * prediction's drift point counts all the window's events.
     */
    private static void assertEveryWindowHasEveryPoint(Influx influx, String database, List<Long> windowEnds) {
        Map<Long, Set<String>> seriesByWindow = new TreeMap<>();
        for (String measurement : MEASUREMENTS) {
            for (Influx.Row row : influx.query(database, "SELECT * FROM \"" + measurement
                    + "\" WHERE model = 'fraud' GROUP BY *")) {
                seriesByWindow.computeIfAbsent(row.time(), t -> new TreeSet<>()).add(measurement + new TreeMap<>(row.tags()));
            }
        }
        assertThat(seriesByWindow).as("windows with points").containsOnlyKeys(windowEnds);
        Set<String> firstWindow = seriesByWindow.get(windowEnds.get(0));
        assertThat(firstWindow).as("series of the window before the outage")
                .anyMatch(series -> series.startsWith("drift")).anyMatch(series -> series.startsWith("prediction"))
                .anyMatch(series -> series.startsWith("data_quality")).anyMatch(series -> series.startsWith("engine"))
                .anyMatch(series -> series.startsWith("performance"));
        assertThat(seriesByWindow).allSatisfy((window, series) ->
                assertThat(series).as("series of the window ending %s", Instant.ofEpochMilli(window))
                        .containsExactlyElementsOf(firstWindow));

        List<Influx.Row> counts = influx.query(database,
                "SELECT \"count\" FROM drift, prediction WHERE model = 'fraud' GROUP BY feature");
        assertThat(counts).as("drift and prediction points").hasSize(windowEnds.size()
                * (int) firstWindow.stream().filter(s -> s.startsWith("drift") || s.startsWith("prediction")).count());
        assertThat(counts).allSatisfy(row -> assertThat(row.number("count"))
                .as("values of %s in the window ending %s", row.tags(), Instant.ofEpochMilli(row.time()))
                .isEqualTo(EVENTS_PER_WINDOW));
        assertThat(influx.query(database, "SELECT count(psi) FROM drift WHERE model = 'fraud' GROUP BY feature"))
                .hasSize(TrafficGenerator.INPUT_FEATURES.length)
                .allSatisfy(row -> assertThat(row.number("count")).isEqualTo(windowEnds.size()));
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get();
        } catch (Exception e) {
            throw new AssertionError("cannot read the job status", e);
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
}
