package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.performance.BinaryClassification;
import io.driftwatch.core.performance.CbpeCalibration;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.LabelEvent;
import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.PredictionEvent;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Performance against real parts (embedded KRaft broker, MiniCluster, the InfluxDB of INFLUX_URL), with
 * the runner's configuration: one-minute windows, label horizon 4 h, alert delay 2 min, at least 50
 * labels, accuracy alerts at 5%/10% below the baseline, p99 latency limits 200/400 ms.
 *
 * <p>Twelve windows of 600 predictions of a binary model whose score is the true probability of
 * "decline" (labels are drawn from it, so the model is calibrated); windows 6–9 get flipped labels.
 * Labels of each window are shuffled and sent after the next window's predictions (late, out of order),
 * some twice; half the labels of windows 0–2 are held back and sent after event time has moved three
 * hours on (sparse predictions). Plus one label of an unknown prediction.
 */
class PerformanceEndToEndTest {
    private static final long MINUTE = 60_000;
    private static final int WINDOWS = 12;
    private static final int PER_WINDOW = 600;
    private static final Set<Integer> FLIPPED = Set.of(6, 7, 8, 9);
    private static final Set<Integer> HELD_BACK = Set.of(0, 1, 2);

    private static JobEnvironment environment;
    private static KafkaTopics kafka;
    private static Influx influx;
    private static String database;
    private static long base;
    private static double baselineAccuracy;
    /** Exact realized accuracy per window, computed here from what was sent. */
    private static final Map<Integer, Double> EXPECTED_ACCURACY = new HashMap<>();
    private static int labelsJoined;
    /** Latencies sent per window, sorted. */
    private static final Map<Integer, double[]> LATENCIES = new HashMap<>();

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void runJob() throws Exception {
        environment = JobEnvironment.start("perf");
        influx = environment.influx();
        kafka = environment.kafka();
        database = environment.database();
        JobConfig config = environment.config(checkpoints.resolve("checkpoints"));
        JobClient job = DriftJobRunner.start(config, null);

        Random random = new Random(5);
        TrafficGenerator traffic = new TrafficGenerator(17);
        base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(6).toMillis(), MINUTE) * MINUTE;
        kafka.send("baselines", 0, null, "fraud/v1", EventCodec.of(Baseline.class).encode(
                baseline(traffic, random), WireFormat.AVRO));

        List<LabelEvent> heldBack = new ArrayList<>();
        List<LabelEvent> previousLabels = List.of();
        for (int w = 0; w < WINDOWS; w++) {
            List<PredictionEvent> predictions = traffic.predictions("fraud", "v1", base + w * MINUTE, MINUTE, PER_WINDOW,
                    Mix.STATIONARY);
            predictions.forEach(p -> p.setLatencyMs(20 + 30 * random.nextDouble()));
            LATENCIES.put(w, predictions.stream().mapToDouble(PredictionEvent::getLatencyMs).sorted().toArray());
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, predictions, PredictionEvent.class, WireFormat.AVRO);
            sendLabels(previousLabels);
            List<LabelEvent> labels = new ArrayList<>();
            BinaryClassification truth = new BinaryClassification();
            for (int i = 0; i < predictions.size(); i++) {
                PredictionEvent p = predictions.get(i);
                double score = p.getPrediction().getScore();
                boolean decline = random.nextDouble() < score != FLIPPED.contains(w);
                truth.add(decline, score >= 0.5, score);
                LabelEvent label = label(p.getEventId(), p.getTimestamp().toEpochMilli() + 30_000, decline);
                (HELD_BACK.contains(w) && i % 2 == 1 ? heldBack : labels).add(label);
            }
            EXPECTED_ACCURACY.put(w, truth.metrics().accuracy());
            labelsJoined += PER_WINDOW;
            Collections.shuffle(labels, random);
            labels.addAll(labels.subList(0, 20)); // duplicates
            previousLabels = labels;
        }
        sendLabels(previousLabels);
        kafka.send(DriftJobRunner.LABELS, 0, null, "fraud", EventCodec.of(LabelEvent.class).encode(
                label("never-predicted", base + 5 * MINUTE, true), WireFormat.AVRO));
        // Event time moves on three hours (a few predictions an hour), then the held-back labels come.
        for (long minute : new long[] {60, 120, 180}) {
            sendSparse(traffic, minute);
        }
        long lateLabelTime = base + 181 * MINUTE;
        heldBack.forEach(l -> l.setTimestamp(Instant.ofEpochMilli(lateLabelTime)));
        sendLabels(heldBack);
        sendSparse(traffic, 190);
        kafka.flush();

        Poll.until("the held-back labels in windows 0-2", Duration.ofSeconds(90),
                () -> influx.query(database, "SELECT labelled_count FROM performance WHERE type = 'realized' AND time < "
                        + windowEnd(2) + "ms + 1ms"),
                rows -> rows.size() == 3 && rows.stream().allMatch(r -> r.number("labelled_count") == PER_WINDOW));
        Poll.until("the accuracy alert to resolve", Duration.ofSeconds(60),
                () -> kafka.readCommitted("drift-alerts", DriftAlert.class),
                alerts -> alerts.stream().anyMatch(a -> a.getMetric().equals("accuracy")
                        && a.getStatus() == AlertStatus.RESOLVED));
        Poll.until("the orphan label's dead letter", Duration.ofSeconds(30),
                () -> kafka.readCommitted("dead-letters", DeadLetter.class),
                letters -> letters.stream().anyMatch(l -> l.getReason().equals("orphan-label")));
        DriftJobRunner.stopWithSavepoint(job, checkpoints.resolve("savepoints"));
    }

    /** The traffic generator's baseline, with the hold-out accuracy and the CBPE calibration map. */
    private static Baseline baseline(TrafficGenerator traffic, Random random) {
        int rows = 5_000;
        double[] scores = new double[rows];
        boolean[] positive = new boolean[rows];
        BinaryClassification holdOut = new BinaryClassification();
        for (int i = 0; i < rows; i++) {
            scores[i] = 1 / (1 + Math.exp(-random.nextGaussian()));
            positive[i] = random.nextDouble() < scores[i];
            holdOut.add(positive[i], scores[i] >= 0.5, scores[i]);
        }
        baselineAccuracy = holdOut.metrics().accuracy();
        return Baseline.newBuilder(traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE)))
                .setEvaluationMetrics(Map.of("accuracy", baselineAccuracy))
                .setPerformanceCalibration(CbpeCalibration.fit(scores, positive, "decline", 0.5).toAvro())
                .build();
    }

    private static LabelEvent label(String eventId, long time, boolean decline) {
        return LabelEvent.newBuilder().setEventId(eventId).setModelId("fraud").setTimestamp(Instant.ofEpochMilli(time))
                .setLabelClass(decline ? "decline" : "approve").build();
    }

    private static void sendLabels(List<LabelEvent> labels) {
        kafka.sendAll(DriftJobRunner.LABELS, 0, labels, LabelEvent.class, WireFormat.AVRO);
    }

    private static void sendSparse(TrafficGenerator traffic, long minute) {
        kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + minute * MINUTE,
                MINUTE / 2, 5, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
    }

    @AfterAll
    static void stopServices() {
        if (environment != null) {
            environment.close();
        }
    }

    private static long windowEnd(int window) {
        return base + (window + 1) * MINUTE;
    }

    private static int windowOf(Influx.Row row) {
        return (int) ((row.time() - base) / MINUTE) - 1;
    }

    private static Map<Integer, Influx.Row> performance(String type, String fields) {
        Map<Integer, Influx.Row> rows = new HashMap<>();
        for (Influx.Row row : influx.query(database, "SELECT " + fields + " FROM performance WHERE type = '" + type
                + "' AND time <= " + windowEnd(WINDOWS - 1) + "ms")) {
            rows.put(windowOf(row), row);
        }
        return rows;
    }

    @Test
    void everyLabelOnceInTheWindowOfItsPredictionWithTheExactAccuracy() {
        // Late (after the next window), shuffled, duplicated and, for windows 0-2, three hours of
        // event time late: every window ends with all its labels, once, and exactly the accuracy
        // computed here from the same labels.
        Map<Integer, Influx.Row> realized = performance("realized", "accuracy, labelled_count, auc, auc_error, ece");
        assertThat(realized).hasSize(WINDOWS);
        realized.forEach((w, row) -> {
            assertThat(row.number("labelled_count")).as("labels of window %d", w).isEqualTo(PER_WINDOW);
            assertThat(row.number("accuracy")).as("accuracy of window %d", w)
                    .isCloseTo(EXPECTED_ACCURACY.get(w), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(row.number("auc_error")).as("AUC error bound of window %d", w).isLessThan(0.02);
        });
    }

    @Test
    void flippedLabelsRaiseAPerformanceAlertThatResolvesWhenTheyStop() {
        List<DriftAlert> alerts = kafka.readCommitted("drift-alerts", DriftAlert.class).stream()
                .filter(a -> a.getMetric().equals("accuracy")).toList();
        assertThat(alerts).extracting(DriftAlert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        DriftAlert firing = alerts.get(0);
        assertThat(firing.getFeature()).isNull();
        assertThat(firing.getWindowEnd().toEpochMilli()).as("second flipped window").isEqualTo(windowEnd(7));
        assertThat(firing.getSeverity().name()).isEqualTo("CRITICAL");
        assertThat(firing.getThreshold()).isCloseTo(baselineAccuracy * 0.9, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(firing.getValue()).isEqualTo(EXPECTED_ACCURACY.get(7));
        assertThat(alerts.get(1).getWindowEnd().toEpochMilli()).as("second clean window").isEqualTo(windowEnd(11));
        assertThat(influx.query(database, "SELECT firing FROM alerts WHERE metric = 'accuracy'")).hasSize(2);
    }

    /**
     * CBPE on stationary windows: the labels are drawn from the score, so the map fitted on 5,000
     * hold-out rows holds. Tolerance per window: 3 of the estimate's standard errors (the realized
     * accuracy of 600 Bernoulli draws; about 0.019 each here) plus 0.02 for the map's own error
     * (20 bins of 250 rows: about ±0.03 per bin, averaging out over bins, and the bin straddling the
     * 0.5 threshold).
     */
    @Test
    void cbpeTracksRealizedAccuracyOnStationaryWindows() {
        Map<Integer, Influx.Row> estimated = performance("estimated", "accuracy, accuracy_stderr, labelled_count");
        Map<Integer, Influx.Row> realized = performance("realized", "accuracy");
        assertThat(estimated).hasSize(WINDOWS);
        for (int w = 0; w < WINDOWS; w++) {
            Influx.Row estimate = estimated.get(w);
            assertThat(estimate.number("labelled_count")).isEqualTo(PER_WINDOW);
            if (FLIPPED.contains(w)) {
                // Concept drift: the estimate cannot see it (docs/statistics.md).
                assertThat(estimate.number("accuracy") - realized.get(w).number("accuracy")).isGreaterThan(0.2);
                continue;
            }
            double tolerance = 3 * estimate.number("accuracy_stderr") + 0.02;
            System.out.printf("window %d: estimated %.4f, realized %.4f, tolerance %.4f%n", w,
                    estimate.number("accuracy"), realized.get(w).number("accuracy"), tolerance);
            assertThat(estimate.number("accuracy")).as("CBPE of window %d", w)
                    .isCloseTo(realized.get(w).number("accuracy"), org.assertj.core.api.Assertions.within(tolerance));
        }
    }

    /**
     * Each percentile must lie between the exact sample quantiles 2% of rank below and above it: KLL
     * (k = 200) guarantees a normalised rank error of about 1.3% at 99% confidence. The maximum is exact.
     */
    @Test
    void latencyPercentilesPerWindowAreWithinTheSketchsRankError() {
        List<Influx.Row> rows = influx.query(database, "SELECT p50, p95, p99, max, count FROM latency WHERE time <= "
                + windowEnd(WINDOWS - 1) + "ms");
        assertThat(rows).hasSize(WINDOWS).allSatisfy(row -> {
            double[] sent = LATENCIES.get(windowOf(row));
            assertThat(row.number("count")).isEqualTo(PER_WINDOW);
            assertThat(row.number("max")).isEqualTo(sent[sent.length - 1]);
            for (String field : List.of("p50", "p95", "p99")) {
                double rank = Integer.parseInt(field.substring(1)) / 100.0;
                double low = sent[(int) Math.max(0, Math.floor((rank - 0.02) * sent.length))];
                double high = sent[(int) Math.min(sent.length - 1, Math.ceil((rank + 0.02) * sent.length))];
                assertThat(row.number(field)).as("%s of window %d", field, windowOf(row)).isBetween(low, high);
            }
        });
    }

    @Test
    void labelledExamplesAreWrittenOnceWithRecordTimesNotBeforeTheirPrediction() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted(DriftJobRunner.LABELLED_EXAMPLES);
        EventCodec<LabelledExample> codec = EventCodec.of(LabelledExample.class);
        List<LabelledExample> examples = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            LabelledExample example = codec.decode(record.value(), WireFormat.AVRO);
            assertThat(record.timestamp()).isGreaterThanOrEqualTo(example.getTimestamp().toEpochMilli())
                    .isEqualTo(example.getLabelledAt().toEpochMilli());
            examples.add(example);
        }
        assertThat(examples).hasSize(labelsJoined);
        assertThat(examples.stream().map(LabelledExample::getEventId).distinct()).hasSize(labelsJoined);
        assertThat(examples.get(0).getNumericFeatures()).containsKeys("amount", "age");
        assertThat(examples.get(0).getPrediction().getScore()).isNotNull();
    }

    @Test
    void theLabelOfAnUnknownPredictionIsDeadLetteredAsOrphan() {
        assertThat(kafka.readCommitted("dead-letters", DeadLetter.class))
                .filteredOn(l -> l.getReason().equals("orphan-label")).singleElement()
                .satisfies(l -> assertThat(l.getStage()).isEqualTo("join"));
    }
}
