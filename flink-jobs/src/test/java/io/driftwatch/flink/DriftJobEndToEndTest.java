package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Influx;
import io.driftwatch.flink.testing.JobEnvironment;
import io.driftwatch.flink.testing.KafkaTopics;
import io.driftwatch.flink.testing.Poll;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against real parts: an in-JVM KRaft broker, the job on a MiniCluster (parallelism 2)
 * and the InfluxDB server of INFLUX_URL. Ten one-minute windows of 1,000 events each (800 Avro
 * predictions on one partition of a two-partition topic, whose other partition stays idle, and 200
 * JSON feature events): three stationary, three with amount shifted by 1σ and a changed device mix,
 * four stationary again; plus garbage of every kind. The job runs once, is stopped with a savepoint
 * (committing everything) and its outputs are checked in full.
 */
class DriftJobEndToEndTest {
    private static final long MINUTE = 60_000;
    private static final int WINDOWS = 10;
    private static final Set<Integer> DRIFTED_WINDOWS = Set.of(3, 4, 5);

    private static JobEnvironment environment;
    private static KafkaTopics kafka;
    private static Influx influx;
    private static String database;
    private static long base;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void runJob() throws Exception {
        environment = JobEnvironment.start("e2e");
        influx = environment.influx();
        kafka = environment.kafka();
        database = environment.database();
        JobConfig config = environment.config(checkpoints.resolve("checkpoints"));
        JobClient job = DriftJobRunner.start(config, null);

        TrafficGenerator traffic = new TrafficGenerator(42);
        base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MINUTE) * MINUTE;
        Baseline baseline = traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE));
        kafka.send("baselines", 0, null, "fraud/v1", EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO));

        sendWindows(traffic, 0, 6);
        awaitWindowsEvaluated(5);
        sendGarbageAndLateEvents(traffic);
        sendWindows(traffic, 6, WINDOWS);
        // A few events of the next window move the watermark past the end of the last full window.
        kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + WINDOWS * MINUTE,
                MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
        kafka.flush();

        awaitWindowsEvaluated(WINDOWS);
        // Events of a source that resumed behind the other's watermark arrive late and re-evaluate their
        // window a settle second later: wait for the final counts (a lost event would time out here).
        Poll.until("every window's final count of 1000", Duration.ofSeconds(60),
                () -> influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'"),
                rows -> rows.size() >= WINDOWS && rows.stream().allMatch(r -> r.number("events") == 1000));
        Poll.until("the model-level alert to resolve", Duration.ofSeconds(60),
                () -> kafka.readCommitted("drift-alerts", DriftAlert.class),
                alerts -> alerts.stream().anyMatch(a -> a.getFeature() == null && a.getStatus() == AlertStatus.RESOLVED));
        Poll.until("dead letters of every injected kind", Duration.ofSeconds(60),
                () -> kafka.readCommitted("dead-letters", DeadLetter.class).size(), n -> n >= 10);
        Poll.until("dead-letter counts in the engine measurement", Duration.ofSeconds(60),
                () -> influx.query(database, "SELECT dead_lettered FROM engine WHERE reason = 'too-late'"),
                rows -> !rows.isEmpty());
        DriftJobRunner.stopWithSavepoint(job, checkpoints.resolve("savepoints"));
    }

    @AfterAll
    static void stopServices() {
        if (environment != null) {
            environment.close();
        }
    }

    private static void sendWindows(TrafficGenerator traffic, int from, int to) {
        for (int w = from; w < to; w++) {
            Mix mix = DRIFTED_WINDOWS.contains(w) ? Mix.DRIFTED : Mix.STATIONARY;
            long start = base + w * MINUTE;
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", start, MINUTE, 800, mix),
                    PredictionEvent.class, WireFormat.AVRO);
            kafka.sendAll(DriftJobRunner.FEATURES, 0, traffic.features("fraud", "v1", start, MINUTE, 200, mix),
                    FeatureEvent.class, WireFormat.JSON);
        }
        kafka.flush();
    }

    private static void awaitWindowsEvaluated(int windows) {
        Poll.until(windows + " windows in InfluxDB", Duration.ofSeconds(90),
                () -> influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'").size(),
                n -> n >= windows);
    }

    /** One record of every kind the job must refuse, and three events after their window closed. */
    private static void sendGarbageAndLateEvents(TrafficGenerator traffic) {
        EventCodec<PredictionEvent> codec = EventCodec.of(PredictionEvent.class);
        long now = base + 6 * MINUTE;
        kafka.send(DriftJobRunner.PREDICTIONS, 0, null, "fraud", "hello, not avro".getBytes(StandardCharsets.UTF_8));
        byte[] unknownFingerprint = new byte[30];
        unknownFingerprint[0] = (byte) 0xC3;
        unknownFingerprint[1] = 0x01;
        Arrays.fill(unknownFingerprint, 2, 10, (byte) 0xAB);
        kafka.send(DriftJobRunner.PREDICTIONS, 0, null, "fraud", unknownFingerprint);
        PredictionEvent nan = one(traffic, "fraud", now);
        nan.getNumericFeatures().put("amount", Double.NaN);
        kafka.send(DriftJobRunner.PREDICTIONS, 0, null, "fraud", codec.encode(nan, WireFormat.AVRO));
        PredictionEvent wide = one(traffic, "fraud", now);
        Map<String, Double> features = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            features.put("f" + i, (double) i);
        }
        wide.setNumericFeatures(features);
        kafka.send(DriftJobRunner.PREDICTIONS, 0, null, "fraud", codec.encode(wide, WireFormat.AVRO));
        kafka.send(DriftJobRunner.FEATURES, 0, null, "fraud", "{not json".getBytes(StandardCharsets.UTF_8));
        kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + 10_000, 1_000, 3,
                Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
        kafka.send(DriftJobRunner.PREDICTIONS, 0, null, "intruder",
                codec.encode(one(traffic, "intruder", now), WireFormat.AVRO));
        kafka.send(DriftJobRunner.PREDICTIONS, 0, null, "orphan",
                codec.encode(one(traffic, "orphan", now), WireFormat.AVRO));
        kafka.flush();
    }

    private static PredictionEvent one(TrafficGenerator traffic, String model, long time) {
        return traffic.predictions(model, "v1", time, 1_000, 1, Mix.STATIONARY).get(0);
    }

    private static long windowEnd(int window) {
        return base + (window + 1) * MINUTE;
    }

    @Test
    void everyWindowAndFeatureHasDriftPointsAtTheWindowEnd() {
        List<Influx.Row> rows = influx.query(database, "SELECT psi, count FROM drift WHERE model = 'fraud' GROUP BY feature");
        Map<String, List<Long>> timesByFeature = rows.stream().collect(Collectors.groupingBy(
                r -> r.tags().get("feature"), TreeMap::new, Collectors.mapping(Influx.Row::time, Collectors.toList())));
        List<Long> windowEnds = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            windowEnds.add(windowEnd(w));
        }
        assertThat(timesByFeature).containsOnlyKeys(TrafficGenerator.INPUT_FEATURES);
        timesByFeature.values().forEach(times -> assertThat(times).containsExactlyElementsOf(windowEnds));
        assertThat(influx.query(database, "SELECT psi FROM prediction WHERE model = 'fraud' GROUP BY feature"))
                .extracting(r -> r.tags().get("feature")).containsOnly("score", "class").hasSize(2 * WINDOWS);
        assertThat(influx.query(database, "SELECT missing_frac FROM data_quality WHERE model = 'fraud'"))
                .hasSize(4 * WINDOWS);
    }

    @Test
    void everyWindowCountsExactlyItsThousandAcceptedEvents() {
        List<Influx.Row> rows = influx.query(database, "SELECT events FROM engine WHERE model = 'fraud'");
        assertThat(rows).hasSize(WINDOWS);
        // Nothing lost and nothing counted twice. How many of them arrived late is timing, not
        // correctness: a source that went idle between the test's phases resumes behind the other
        // source's watermark, so some of its events are late (within the allowed lateness) and the
        // window is re-evaluated; they are still in the window's final count.
        assertThat(rows).allSatisfy(r -> assertThat(r.number("events")).isEqualTo(1000));
    }

    @Test
    void psiIsHighExactlyForTheShiftedFeaturesInTheShiftedWindows() {
        List<Influx.Row> rows = influx.query(database, "SELECT psi FROM drift WHERE model = 'fraud' GROUP BY feature");
        Set<String> shifted = Set.of("amount", "device");
        assertThat(rows).hasSize(4 * WINDOWS).allSatisfy(row -> {
            int window = (int) ((row.time() - base) / MINUTE) - 1;
            String feature = row.tags().get("feature");
            if (DRIFTED_WINDOWS.contains(window) && shifted.contains(feature)) {
                assertThat(row.number("psi")).as("PSI of %s in window %d", feature, window).isGreaterThan(0.25);
            } else {
                assertThat(row.number("psi")).as("PSI of %s in window %d", feature, window).isLessThan(0.1);
            }
        });
    }

    @Test
    void alertsFireForExactlyTheShiftedFeaturesAndResolveAfterRecovery() {
        List<DriftAlert> alerts = kafka.readCommitted("drift-alerts", DriftAlert.class);
        Map<String, List<DriftAlert>> byFingerprint = alerts.stream()
                .collect(Collectors.groupingBy(DriftAlert::getFingerprint));
        assertThat(byFingerprint.values()).allSatisfy(series -> assertThat(series)
                .extracting(DriftAlert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED));
        assertThat(alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING)
                .map(a -> a.getFeature() + "/" + a.getMetric()))
                .containsExactlyInAnyOrder("amount/psi", "amount/ks", "device/psi", "null/model_drift_share");
        for (DriftAlert alert : alerts) {
            boolean modelLevel = alert.getFeature() == null;
            int expectedWindow = alert.getStatus() == AlertStatus.FIRING ? 4 : modelLevel ? 8 : 7;
            assertThat(alert.getWindowEnd().toEpochMilli()).as("window of %s", alert)
                    .isEqualTo(windowEnd(expectedWindow));
            assertThat(alert.getLabels()).containsEntry("team", "risk").containsEntry("model", "fraud")
                    .containsEntry("version", "v1").containsEntry("metric", alert.getMetric());
            if (!modelLevel) {
                assertThat(alert.getAnnotations()).containsEntry("dashboard_url",
                        "http://grafana.local/d/drift?var-model=fraud&var-feature=" + alert.getFeature());
            }
        }
    }

    @Test
    void everyAlertTransitionIsAnAnnotationPointInInfluxDb() {
        List<DriftAlert> alerts = kafka.readCommitted("drift-alerts", DriftAlert.class);
        List<Influx.Row> points = influx.query(database,
                "SELECT firing, value, threshold, summary FROM alerts WHERE model = 'fraud' GROUP BY fingerprint, status");
        assertThat(points).hasSameSizeAs(alerts);
        for (DriftAlert alert : alerts) {
            assertThat(points).as("point of %s", alert).anySatisfy(point -> {
                assertThat(point.tags()).containsEntry("fingerprint", alert.getFingerprint())
                        .containsEntry("status", alert.getStatus().name().toLowerCase(java.util.Locale.ROOT));
                assertThat(point.time()).isEqualTo(alert.getWindowEnd().toEpochMilli());
                assertThat(point.number("firing")).isEqualTo(alert.getStatus() == AlertStatus.FIRING ? 1.0 : 0.0);
                assertThat(point.number("value")).isEqualTo(alert.getValue());
                assertThat(point.values().get("summary")).isEqualTo(alert.getAnnotations().get("summary"));
            });
        }
    }

    /**
     * The Grafana dashboards are checked against the real thing: every panel, annotation and variable
     * query, with Grafana's macros filled in, runs on the InfluxDB this job wrote to and returns data,
     * so a renamed measurement or field breaks this test, not a dashboard at 3 a.m. (Grafana itself
     * cannot be installed here.) Queries that may rightly be empty here (performance data, fields
     * written only on trouble) must still run without error.
     */
    @Test
    void everyDashboardQueryRunsOnTheJobsDataAndFindsIt() throws Exception {
        List<DashboardQueries.Query> queries = DashboardQueries.load(Path.of("../dashboards"));
        assertThat(queries).hasSizeGreaterThan(20);
        for (DashboardQueries.Query query : queries) {
            // A numeric and a categorical feature: some panels (chi-square, unseen categories) only
            // have data for one kind. Two time ranges: the event time of the traffic up to the last
            // drifted window (so "drifting now" and "firing" have something to count), and the last
            // hour of wall-clock time, where the dead-letter counts are stamped (processing time).
            List<Influx.Row> rows = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (String feature : List.of("amount", "device")) {
                for (long[] range : new long[][] {{base - MINUTE, windowEnd(5) + 1}, {now - 3_600_000L, now}}) {
                    String influxQl = query.withVariables(Map.of("model", "fraud", "version", "v1", "feature",
                            feature), range[0], range[1]);
                    rows.addAll(influx.query(database, influxQl));
                }
            }
            if (!query.mayBeEmpty()) {
                assertThat(rows).as("%s: %s", query.where(), query.influxQl()).isNotEmpty();
            }
        }
    }

    @Test
    void oneRetrainRequestNamesTheDriftingFeatures() {
        List<RetrainRequest> requests = kafka.readCommitted("retrain-requests", RetrainRequest.class);
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.getModelId()).isEqualTo("fraud");
            assertThat(request.getModelVersion()).isEqualTo("v1");
            assertThat(request.getDriftedFeatures()).containsExactlyInAnyOrder("amount", "device");
            assertThat(request.getEvidenceWindowEnd().toEpochMilli()).isEqualTo(windowEnd(4));
        });
    }

    @Test
    void everyInjectedBadRecordIsDeadLetteredWithItsReason() {
        List<DeadLetter> letters = kafka.readCommitted("dead-letters", DeadLetter.class);
        Map<String, Long> reasons = letters.stream()
                .collect(Collectors.groupingBy(DeadLetter::getReason, TreeMap::new, Collectors.counting()));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of("malformed-bytes", 1L, "unknown-schema", 1L,
                "non-finite-value", 1L, "too-many-features", 1L, "invalid-json", 1L, "too-late", 3L,
                "unknown-model", 1L, "no-baseline", 1L));
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getSourceOffset()).isNotNegative();
            assertThat(letter.getPayload().remaining()).isPositive();
        });
        DeadLetter malformed = letters.stream().filter(l -> l.getReason().equals("malformed-bytes")).findFirst().orElseThrow();
        assertThat(malformed.getStage()).isEqualTo("decode");
        assertThat(malformed.getSourceTopic()).isEqualTo(DriftJobRunner.PREDICTIONS);
        assertThat(StandardCharsets.UTF_8.decode(malformed.getPayload()).toString()).isEqualTo("hello, not avro");
        assertThat(letters).filteredOn(l -> l.getReason().equals("non-finite-value")).singleElement()
                .satisfies(l -> {
                    assertThat(l.getStage()).isEqualTo("validate");
                    assertThat(l.getModelId()).isEqualTo("fraud");
                    assertThat(l.getError()).contains("amount");
                });
        assertThat(letters).filteredOn(l -> l.getReason().equals("too-late"))
                .allSatisfy(l -> assertThat(l.getStage()).isEqualTo("window"));
        assertThat(letters).filteredOn(l -> l.getReason().equals("no-baseline")).singleElement()
                .satisfies(l -> assertThat(l.getModelId()).isEqualTo("orphan"));
    }

    @Test
    void deadLetterCountsReachTheEngineMeasurement() {
        assertThat(influx.query(database, "SELECT last(dead_lettered) FROM engine WHERE reason = 'too-late'"))
                .singleElement().satisfies(row -> assertThat(row.number("last")).isEqualTo(3));
    }
}
