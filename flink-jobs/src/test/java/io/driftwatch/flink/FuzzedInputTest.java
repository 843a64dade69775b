package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.HostileRecords;
import io.driftwatch.flink.testing.HostileRecords.Kind;
import io.driftwatch.flink.testing.Influx;
import io.driftwatch.flink.testing.KafkaTopics;
import io.driftwatch.flink.testing.Poll;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.schema.validate.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More than 10⁵ malformed and hostile records ({@link HostileRecords}) mixed into ten windows of
 * valid traffic, through the real job (embedded broker, MiniCluster at parallelism 2, InfluxDB),
 * among them more than 10⁶ distinct new names (feature names, 480 in each of two thousand valid events
 * within the 500-feature cap, plus thousands of model and version names): the job stays up; every
 * record is accounted for exactly once, either counted in its window's {@code engine} point or
 * dead-lettered with a reason; the dead letters of the kinds whose fate is certain have that reason;
 * InfluxDB's series stay those of the one monitored model whatever names arrive (series cardinality
 * counted by the server); the job's checkpointed state stays far below what keeping the names would
 * take; all within the test JVM's heap (-Xmx2g).
 */
class FuzzedInputTest {
    private static final long MINUTE = 60_000;
    private static final int WINDOWS = 10;
    private static final int VALID_PREDICTIONS_PER_WINDOW = 2_000;
    private static final int VALID_FEATURE_EVENTS_PER_WINDOW = 200;
    /** Hostile records of each kind over the whole stream. */
    private static final Map<Kind, Integer> HOSTILE = hostileMix();
    private static final long DISTINCT_NEW_NAMES = 1_000_000;
    /**
     * The job's checkpointed state at the end may hold the label join's buffer of the predictions waiting
     * for their labels (each with its features, up to max-payload-bytes; the label horizon is longer than
     * this stream), with at most this much overhead, plus {@link #STATE_SLACK_BYTES} for the rest.
     */
    private static final double STATE_PER_BUFFERED_BYTE = 1.5;
    private static final long STATE_SLACK_BYTES = 4L << 20;
    /** Bytes of the valid predictions sent (Avro), including the wide ones of new names. */
    private long predictionBytes;

    @TempDir
    Path checkpoints;

    private static Map<Kind, Integer> hostileMix() {
        Map<Kind, Integer> mix = new EnumMap<>(Kind.class);
        mix.put(Kind.BIT_FLIPPED_AVRO, 31_000);
        mix.put(Kind.TRUNCATED_AVRO, 15_000);
        mix.put(Kind.UNKNOWN_FINGERPRINT, 5_000);
        mix.put(Kind.JSON_OF_WRONG_TYPES, 10_000);
        mix.put(Kind.NON_FINITE_VALUE, 10_000);
        mix.put(Kind.NEGATIVE_TIMESTAMP, 5_000);
        mix.put(Kind.FAR_FUTURE_TIMESTAMP, 5_000);
        mix.put(Kind.NEW_MODEL_NAME, 12_000);
        mix.put(Kind.NEW_MODEL_VERSION, 5_000);
        // 2 084 valid events of 480 new feature names each: more than 10⁶ distinct names in all.
        mix.put(Kind.NEW_FEATURE_NAMES, 2_084);
        mix.put(Kind.WIDE_EVENT, 3);
        mix.put(Kind.MEGABYTE_STRING, 6);
        return mix;
    }

    @Test
    void everyHostileRecordIsCountedOrDeadLetteredAndTheJobStaysUp() throws Exception {
        try (Influx influx = Influx.fromEnvironment();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            DriftJobRunner.createTopics(broker);
            String database = "driftwatch_fuzz_" + System.currentTimeMillis();
            influx.createDatabase(database);
            try (KafkaTopics kafka = new KafkaTopics(broker)) {
                JobConfig config = DriftJobRunner.config(broker.bootstrapServers(), influx.url(), database, checkpoints);
                TrafficGenerator traffic = new TrafficGenerator(11);
                long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MINUTE) * MINUTE;
                Baseline baseline = traffic.baseline("fraud", "v1", Instant.ofEpochMilli(base - MINUTE));
                kafka.send("baselines", 0, null, "fraud/v1", EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO));
                kafka.flush();
                JobClient job = DriftJobRunner.start(config, null);
                boolean cancelled = false;
                try {
                    HostileRecords records = new HostileRecords(traffic, 5);
                    long sent = sendStream(kafka, traffic, records, base);
                    assertThat(records.newNames()).as("distinct new names sent").isGreaterThan(DISTINCT_NEW_NAMES);
                    assertThat((long) HOSTILE.get(Kind.NEW_FEATURE_NAMES) * HostileRecords.NEW_NAMES_PER_EVENT)
                            .as("distinct new feature names sent").isGreaterThanOrEqualTo(DISTINCT_NEW_NAMES);
                    long hostile = HOSTILE.values().stream().mapToLong(Integer::longValue).sum();
                    assertThat(hostile).isGreaterThanOrEqualTo(100_000);

                    Poll.until("every record counted in a window or dead-lettered", Duration.ofSeconds(60),
                            () -> eventsInWindows(influx, database) + kafka.recordCount("dead-letters"),
                            accounted -> accounted >= sent);
                    assertThat(job.getJobStatus().get()).as("job status").isEqualTo(JobStatus.RUNNING);

                    List<DeadLetter> letters = kafka.readCommitted("dead-letters", DeadLetter.class);
                    Set<String> origins = new HashSet<>();
                    for (DeadLetter letter : letters) {
                        assertThat(origins.add(letter.getSourceTopic() + "/" + letter.getSourcePartition() + "@"
                                + letter.getSourceOffset())).as("dead-lettered once: %s", letter).isTrue();
                    }
                    long counted = eventsInWindows(influx, database);
                    assertThat(counted + letters.size()).as("counted %d + dead-lettered %d", counted, letters.size())
                            .isEqualTo(sent);
                    // Valid events (and hostile ones that are valid events) are counted; a few may be
                    // too late if one source starves longer than the idleness (flink-jobs README).
                    long tooLate = letters.stream().filter(l -> l.getReason().equals(RejectReason.TOO_LATE.code())).count();
                    assertThat(counted + tooLate).as("valid events counted or too late")
                            .isGreaterThanOrEqualTo((long) WINDOWS * (VALID_PREDICTIONS_PER_WINDOW
                                    + VALID_FEATURE_EVENTS_PER_WINDOW) + HOSTILE.get(Kind.NEW_FEATURE_NAMES));
                    assertEveryReasonIsCertainAndExplained(letters);
                    assertSeriesStayCapped(influx, database);
                    assertThat(job.getJobStatus().get()).as("job status").isEqualTo(JobStatus.RUNNING);
                    job.cancel().get();
                    cancelled = true;
                    assertStateStaysCapped(job);
                } finally {
                    if (!cancelled) {
                        job.cancel().get();
                    }
                }
            } finally {
                influx.dropDatabase(database);
            }
        }
    }

    /**
     * Ten windows: each has its valid predictions (Avro) and feature events (JSON) and a tenth of every
     * hostile kind, stamped mid-window and sent between the first and the second half of the valid
     * predictions, so nothing is late; then a few events of the next window
     * close the last one (they stay in an open window and are not part of the count). Returns the
     * records to account for.
     */
    private long sendStream(KafkaTopics kafka, TrafficGenerator traffic, HostileRecords hostile, long base) {
        long sent = 0;
        EventCodec<PredictionEvent> codec = EventCodec.of(PredictionEvent.class);
        for (int w = 0; w < WINDOWS; w++) {
            long start = base + w * MINUTE;
            List<PredictionEvent> predictions = traffic.predictions("fraud", "v1", start, MINUTE,
                    VALID_PREDICTIONS_PER_WINDOW, Mix.STATIONARY);
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, predictions.subList(0, VALID_PREDICTIONS_PER_WINDOW / 2),
                    PredictionEvent.class, WireFormat.AVRO);
            kafka.sendAll(DriftJobRunner.FEATURES, 0, traffic.features("fraud", "v1", start, MINUTE,
                    VALID_FEATURE_EVENTS_PER_WINDOW, Mix.STATIONARY), FeatureEvent.class, WireFormat.JSON);
            for (Map.Entry<Kind, Integer> kind : HOSTILE.entrySet()) {
                int count = kind.getValue() / WINDOWS + (w < kind.getValue() % WINDOWS ? 1 : 0);
                for (int i = 0; i < count; i++) {
                    // In the middle of the window: neither late nor ahead of the valid events around it.
                    byte[] record = hostile.record(kind.getKey(), "fraud", "v1", start + MINUTE / 2);
                    if (kind.getKey() == Kind.NEW_FEATURE_NAMES) {
                        predictionBytes += record.length;
                    }
                    kafka.send(kind.getKey().avro() ? DriftJobRunner.PREDICTIONS : DriftJobRunner.FEATURES,
                            0, null, "fuzz", record);
                }
                sent += count;
            }
            kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, predictions.subList(VALID_PREDICTIONS_PER_WINDOW / 2,
                    VALID_PREDICTIONS_PER_WINDOW), PredictionEvent.class, WireFormat.AVRO);
            sent += VALID_PREDICTIONS_PER_WINDOW + VALID_FEATURE_EVENTS_PER_WINDOW;
            predictions.forEach(event -> predictionBytes += codec.encode(event, WireFormat.AVRO).length);
            kafka.flush();
        }
        kafka.sendAll(DriftJobRunner.PREDICTIONS, 0, traffic.predictions("fraud", "v1", base + WINDOWS * MINUTE,
                MINUTE / 4, 10, Mix.STATIONARY), PredictionEvent.class, WireFormat.AVRO);
        kafka.flush();
        return sent;
    }

    /** Events the job counted in its windows of the monitored model (and any it could not place). */
    private static long eventsInWindows(Influx influx, String database) {
        long events = 0;
        for (Influx.Row row : influx.query(database,
                "SELECT events, events_after_cleanup, events_superseded_baseline, events_evaluation_failed FROM engine"
                        + " WHERE model = 'fraud'")) {
            for (String field : List.of("events", "events_after_cleanup", "events_superseded_baseline",
                    "events_evaluation_failed")) {
                Object value = row.values().get(field);
                events += value == null ? 0 : ((Number) value).longValue();
            }
        }
        return events;
    }

    /**
     * Kinds whose fate does not depend on where a bit flip lands are dead-lettered for their reason
     * (bit flips may add to any reason); every dead letter names its stage, reason and origin.
     */
    private static void assertEveryReasonIsCertainAndExplained(List<DeadLetter> letters) {
        Map<String, Long> reasons = letters.stream()
                .collect(Collectors.groupingBy(DeadLetter::getReason, TreeMap::new, Collectors.counting()));
        assertThat(reasons).as("dead letters by reason").containsKeys(RejectReason.MALFORMED_BYTES.code(),
                RejectReason.UNKNOWN_SCHEMA.code(), RejectReason.INVALID_JSON.code(),
                RejectReason.NON_FINITE_VALUE.code(), RejectReason.INVALID_TIMESTAMP.code(),
                RejectReason.UNKNOWN_MODEL.code(), RejectReason.NO_BASELINE.code(),
                RejectReason.TOO_MANY_FEATURES.code(), RejectReason.STRING_TOO_LONG.code());
        assertThat(reasons.get(RejectReason.UNKNOWN_SCHEMA.code()))
                .isGreaterThanOrEqualTo(HOSTILE.get(Kind.UNKNOWN_FINGERPRINT));
        assertThat(reasons.get(RejectReason.NON_FINITE_VALUE.code()))
                .isGreaterThanOrEqualTo(HOSTILE.get(Kind.NON_FINITE_VALUE));
        assertThat(reasons.get(RejectReason.INVALID_TIMESTAMP.code()))
                .isGreaterThanOrEqualTo(HOSTILE.get(Kind.NEGATIVE_TIMESTAMP) + HOSTILE.get(Kind.FAR_FUTURE_TIMESTAMP));
        assertThat(reasons.get(RejectReason.UNKNOWN_MODEL.code())).isGreaterThanOrEqualTo(HOSTILE.get(Kind.NEW_MODEL_NAME));
        assertThat(reasons.get(RejectReason.NO_BASELINE.code())).isGreaterThanOrEqualTo(HOSTILE.get(Kind.NEW_MODEL_VERSION));
        assertThat(reasons.get(RejectReason.TOO_MANY_FEATURES.code())).isEqualTo((long) HOSTILE.get(Kind.WIDE_EVENT));
        Set<String> stages = Set.of("decode", "validate", "baseline", "window");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getStage()).isIn(stages);
            assertThat(letter.getError()).isNotBlank();
            assertThat(letter.getSourceTopic()).isIn(DriftJobRunner.PREDICTIONS, DriftJobRunner.FEATURES);
            assertThat(letter.getSourceOffset()).isNotNegative();
            // Up to max-payload-bytes of the record (empty when the record was: a truncation to nothing).
            assertThat(letter.getPayload().remaining()).isLessThanOrEqualTo(64 * 1024);
        });
    }

    /**
     * Whatever names arrived, InfluxDB holds only series of the monitored model and one per
     * dead-letter reason.
     */
    private static void assertSeriesStayCapped(Influx influx, String database) {
        List<List<String>> tagsOfSeries = new ArrayList<>();
        for (Influx.Row row : influx.query(database, "SHOW SERIES")) {
            List<String> parts = List.of(((String) row.values().get("key")).split(","));
            tagsOfSeries.add(parts.subList(1, parts.size()));
        }
        // The server's own exact count of the database's series (its index, per measurement), not only
        // what SHOW SERIES lists.
        List<Influx.Row> cardinality = influx.query(database, "SHOW SERIES EXACT CARDINALITY");
        assertThat(cardinality.stream().mapToLong(row -> (long) row.number("count")).sum())
                .as("series cardinality of the database").isEqualTo(tagsOfSeries.size()).isLessThan(100);
        assertThat(tagsOfSeries).as("series named after a new feature").noneMatch(tags -> tags.stream()
                .anyMatch(tag -> tag.startsWith("feature=" + HostileRecords.NEW_FEATURE_PREFIX)));
        Set<String> monitored = new HashSet<>(List.of("score", "class", "prediction.score", "prediction.class", "_model"));
        monitored.addAll(List.of(TrafficGenerator.INPUT_FEATURES));
        assertThat(tagsOfSeries.stream().flatMap(List::stream).filter(tag -> tag.startsWith("feature="))
                .map(tag -> tag.substring("feature=".length())).distinct())
                .as("feature tags: the baseline's features, the prediction's score and class, model-level alerts")
                .isSubsetOf(monitored);
        assertThat(tagsOfSeries).isNotEmpty().allSatisfy(tags -> assertThat(tags.contains("model=fraud")
                || tags.stream().anyMatch(tag -> tag.startsWith("reason="))).as("series tags %s", tags).isTrue());
        assertThat(tagsOfSeries.stream().filter(tags -> tags.stream().noneMatch(tag -> tag.startsWith("version="))
                        && tags.stream().anyMatch(tag -> tag.startsWith("reason="))))
                .hasSizeLessThanOrEqualTo(RejectReason.values().length);
        assertThat(tagsOfSeries).as("series of model fraud, version v1 and the dead-letter reasons").hasSizeLessThan(100);
    }

    /**
     * The job's state after all of it, as retained in its last checkpoint (window state, alert states,
     * baselines, label-join buffers, source offsets): nothing but the label join's buffer of waiting
     * predictions grows with the input — no per-name or per-record bookkeeping beyond the predictions
     * themselves (10⁶ names kept anywhere else would add well over ten megabytes).
     */
    private void assertStateStaysCapped(JobClient job) throws Exception {
        Path checkpoint = DriftJobRunner.latestCheckpoint(checkpoints, job.getJobID())
                .orElseThrow(() -> new AssertionError("no checkpoint retained"));
        long bytes;
        try (Stream<Path> files = Files.walk(checkpoint)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(FuzzedInputTest::size).sum();
        }
        System.out.printf("FuzzedInputTest: last checkpoint %s holds %d bytes%n", checkpoint.getFileName(), bytes);
        assertThat(bytes).as("bytes of the last checkpoint, with %d bytes of predictions buffered", predictionBytes)
                .isLessThan((long) (predictionBytes * STATE_PER_BUFFERED_BYTE) + STATE_SLACK_BYTES);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
