package io.driftwatch.bench;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.DriftJob;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Events per second through the drift job against the physical limit of its pipeline, in one run:
 * an in-JVM KRaft broker gets a topic of N prediction events (20 numeric + 5 categorical features,
 * single-object Avro, in event-time order, 1-minute windows of {@code --events-per-window}); then
 * <ol>
 *   <li>the baseline: a plain KafkaConsumer reads and decodes (EventCodec) all N, {@code --warmup-runs}
 *       times to warm the JIT up, then again just before and just after every measured job run;</li>
 *   <li>the drift job on a MiniCluster, at each {@code --parallelism}, with its real Kafka sources and
 *       sinks and an in-memory stand-in for InfluxDB, reads the topic from the beginning until the
 *       {@code engine} points of its windows count all N events. It too runs {@code --warmup-runs} times
 *       first (at the first parallelism, reported but not compared): a cold run spends up to a third
 *       of its CPU in the JIT compiler, and the job's rate only settles after about three runs
 *       (BENCHMARKS.md).</li>
 * </ol>
 * The job's rate is taken between its first and its last window written ("steady": job start-up and
 * the first window excluded; the one-second settle delay of stage 2 is in both ends, so it cancels)
 * and from submission ("with start-up"). A run is valid only if the windows count exactly N.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar io.driftwatch.bench.JobThroughputBenchmark \
 *     [--events 500000] [--events-per-window 10000] [--partitions 2] [--parallelism 1,2] [--warmup-runs 3]</pre>
 */
public final class JobThroughputBenchmark {
    private static final String TOPIC = "predictions";
    private static final long MINUTE = 60_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private final int events;
    private final int eventsPerWindow;
    private final int partitions;

    private JobThroughputBenchmark(int events, int eventsPerWindow, int partitions) {
        this.events = events;
        this.eventsPerWindow = eventsPerWindow;
        this.partitions = partitions;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("events", "500000", "events-per-window", "10000",
                "partitions", "2", "parallelism", "1,2", "warmup-runs", "3"));
        JobThroughputBenchmark benchmark = new JobThroughputBenchmark(Integer.parseInt(options.get("events")),
                Integer.parseInt(options.get("events-per-window")), Integer.parseInt(options.get("partitions")));
        List<Integer> parallelisms = new ArrayList<>();
        for (String p : options.get("parallelism").split(",")) {
            parallelisms.add(Integer.parseInt(p.trim()));
        }
        benchmark.run(parallelisms, Integer.parseInt(options.get("warmup-runs")));
        System.exit(0);
    }

    private void run(List<Integer> parallelisms, int warmupRuns) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            broker.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1),
                    new NewTopic("baselines", 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT)),
                    new NewTopic("drift-alerts", 1, (short) 1), new NewTopic("retrain-requests", 1, (short) 1)));
            long bytes = fill(broker);
            System.out.printf(Locale.ROOT, "topic: %,d events (+%d closing the last window), %,d bytes of values "
                    + "(%.0f per event), %d partitions, %,d events per 1-minute window%n",
                    events, partitions, bytes, (double) bytes / events, partitions, eventsPerWindow);

            for (int i = 0; i < warmupRuns; i++) {
                System.out.printf(Locale.ROOT, "warm-up   consume+decode: %,10.0f events/s%n", consumeAndDecode(broker));
            }
            double before = consumeAndDecode(broker);
            for (int i = 0; i < warmupRuns; i++) {
                report("warm-up", parallelisms.get(0), runJob(broker, parallelisms.get(0)), before, before);
            }
            before = consumeAndDecode(broker);
            for (int parallelism : parallelisms) {
                JobRate job = runJob(broker, parallelism);
                double after = consumeAndDecode(broker);
                report("drift job", parallelism, job, before, after);
                before = after;
            }
        }
    }

    /**
     * The job's rate against the mean of the baselines measured just before and just after it: the
     * machine's speed drifts by ±15% between minutes here, which a single baseline at the start of the
     * run would put into the ratio.
     */
    private static void report(String label, int parallelism, JobRate job, double baselineBefore,
                               double baselineAfter) {
        double baseline = (baselineBefore + baselineAfter) / 2;
        System.out.printf(Locale.ROOT, "%-9s p=%d   steady: %,10.0f events/s = %.2fx baseline %,.0f events/s"
                        + " (before %,.0f, after %,.0f)   (with start-up: %,.0f events/s over %.1f s; %d windows, "
                        + "%,d events counted, %,d of them late; no dead letters)%n",
                label, parallelism, job.steady(), job.steady() / baseline, baseline, baselineBefore, baselineAfter,
                job.withStartup(), job.seconds(), job.windows(), job.counted(), job.late());
    }

    /**
     * Writes the baseline and the N events (partition i mod partitions, event-time order within
     * each), then one event per partition 30 s after the last window, which moves the watermark past
     * its end. Every send is checked. Returns the bytes of the N events' values.
     */
    private long fill(EmbeddedKafkaBroker broker) {
        SyntheticModel model = new SyntheticModel(42);
        long windows = (events + eventsPerWindow - 1) / eventsPerWindow;
        long base = Math.floorDiv(System.currentTimeMillis(), MINUTE) * MINUTE - (windows + 60) * MINUTE;
        EventCodec<PredictionEvent> codec = EventCodec.of(PredictionEvent.class);
        Map<String, Object> config = broker.producerConfig();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            Baseline baseline = model.baseline(Instant.ofEpochMilli(base - MINUTE));
            send(producer, new ProducerRecord<>("baselines", 0, key(SyntheticModel.MODEL + "/" + SyntheticModel.VERSION),
                    EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO)), failure, acknowledged);
            for (int i = 0; i < events; i++) {
                long timestamp = base + (i / eventsPerWindow) * MINUTE + (i % eventsPerWindow) * MINUTE / eventsPerWindow;
                byte[] value = codec.encode(model.event("e" + i, timestamp), WireFormat.AVRO);
                bytes += value.length;
                send(producer, new ProducerRecord<>(TOPIC, i % partitions, key("e" + i), value), failure, acknowledged);
            }
            for (int partition = 0; partition < partitions; partition++) {
                byte[] value = codec.encode(model.event("close" + partition, base + windows * MINUTE + 30_000),
                        WireFormat.AVRO);
                send(producer, new ProducerRecord<>(TOPIC, partition, key("close" + partition), value), failure,
                        acknowledged);
            }
            producer.flush();
        }
        if (failure.get() != null || acknowledged.get() != events + partitions + 1L) {
            throw new IllegalStateException("filling the topic failed: " + acknowledged.get() + " acknowledged",
                    failure.get());
        }
        return bytes;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record,
                             AtomicReference<Exception> failure, AtomicLong acknowledged) {
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acknowledged.incrementAndGet();
            }
        });
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the N events from the beginning (read_committed, as the job) and decodes each; events/s. */
    private double consumeAndDecode(EmbeddedKafkaBroker broker) throws EventDecodingException {
        Map<String, Object> config = broker.consumerConfig("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        EventCodec<PredictionEvent> codec = EventCodec.of(PredictionEvent.class);
        long checksum = 0;
        int decoded = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> topicPartitions = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                topicPartitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(topicPartitions);
            consumer.seekToBeginning(topicPartitions);
            while (decoded < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    checksum += codec.decode(record.value(), WireFormat.AVRO).getTimestamp().toEpochMilli();
                    decoded++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checksum == 0) {
            throw new IllegalStateException("nothing decoded");
        }
        return decoded / seconds;
    }

    /**
     * Dead letters the job wrote to {@code topic} so far, by reason, with the first one's error as an
     * example: none in a valid run.
     */
    private static Map<String, String> deadLetterReasons(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> config = broker.consumerConfig("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        EventCodec<DeadLetter> codec = EventCodec.of(DeadLetter.class);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String reason;
                    String error;
                    try {
                        DeadLetter letter = codec.decode(record.value(), WireFormat.AVRO);
                        reason = letter.getReason();
                        error = letter.getError();
                    } catch (EventDecodingException e) {
                        reason = "undecodable dead letter";
                        error = e.getMessage();
                    }
                    counts.merge(reason, 1L, Long::sum);
                    examples.putIfAbsent(reason, error);
                }
            }
        }
        Map<String, String> reasons = new TreeMap<>();
        counts.forEach((reason, count) -> reasons.put(reason, count + " (first: " + examples.get(reason) + ")"));
        return reasons;
    }

    /** The job's rates at one parallelism. */
    private record JobRate(double steady, double withStartup, double seconds, int windows, long counted, long late) {}

    private JobRate runJob(EmbeddedKafkaBroker broker, int parallelism) throws Exception {
        String run = "bench-p" + parallelism + "-" + System.nanoTime();
        String deadLetters = run + "-dead-letters";
        broker.createTopics(deadLetters);
        JobConfig config = JobConfigLoader.parse("""
                kafka:
                  bootstrap-servers: %s
                  group-id: %s
                topics:
                  predictions: {name: %s, format: avro}
                  dead-letters: %s
                windows:
                  size: 1m
                  out-of-orderness: 2s
                influxdb:
                  url: http://127.0.0.1:9
                checkpoints:
                  interval: 10s
                  directory: %s
                parallelism: %d
                """.formatted(broker.bootstrapServers(), run, TOPIC, deadLetters,
                Files.createTempDirectory("driftwatch-bench-checkpoints-").toUri(), parallelism), "benchmark config");
        WindowCountingSink.Ledger ledger = new WindowCountingSink.Ledger();
        DriftJob.Sinks production = DriftJob.productionSinks(config);
        DriftJob.Sinks sinks = new DriftJob.Sinks(WindowCountingSink.withLedger(run, ledger), production.alerts(),
                production.retrainRequests(), production.deadLetters(), production.labelledExamples());
        // Default allowed lateness (1 minute): at start-up the events source may run before the baseline
        // is in the job's broadcast state; the events read meanwhile are held, and the watermark waits
        // for them (ProfileAggregatorOperator), so none is dead-lettered too-late.
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");

        long submitted = System.nanoTime();
        JobClient job = new DriftJob(config, DriftJob.kafkaSources(config), sinks)
                .executeAsync(DriftJob.environment(config, flink));
        long deadline = submitted + JOB_TIMEOUT.toNanos();
        while (ledger.events() < events) {
            if (job.getJobExecutionResult().isDone()) {
                job.getJobExecutionResult().join(); // throws the job's failure
                throw new IllegalStateException("the job ended after counting " + ledger.events() + " events");
            }
            if (System.nanoTime() > deadline) {
                job.cancel().get(1, TimeUnit.MINUTES);
                throw new IllegalStateException("the job counted " + ledger.events() + " of " + events
                        + " events in " + JOB_TIMEOUT + " (" + ledger.windows() + " windows); dead letters: "
                        + deadLetterReasons(broker, deadLetters));
            }
            Thread.sleep(20);
        }
        job.cancel().get(1, TimeUnit.MINUTES);
        long counted = ledger.events();
        if (counted != events) {
            throw new IllegalStateException("the job counted " + counted + " events, not " + events);
        }
        Map<String, String> refused = deadLetterReasons(broker, deadLetters);
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the job dead-lettered events of a valid topic: " + refused);
        }
        double steadySeconds = (ledger.lastWindowNanos() - ledger.firstWindowNanos()) / 1e9;
        double totalSeconds = (ledger.lastWindowNanos() - submitted) / 1e9;
        return new JobRate((events - ledger.firstWindowEvents()) / steadySeconds, events / totalSeconds,
                totalSeconds, ledger.windows(), counted, ledger.lateEvents());
    }
}
