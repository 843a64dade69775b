package io.driftwatch.bench;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.DriftJob;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import io.driftwatch.flink.influx.InfluxPoint;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
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
import org.apache.kafka.common.record.TimestampType;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * How long after a window closes its drift alert is on Kafka and its metrics are in InfluxDB, with the
 * real job end to end: an in-JVM KRaft broker, a MiniCluster running {@link DriftJob} with its Kafka
 * sources, its exactly-once Kafka alert sink and its InfluxDB sink (a real server: {@code --influx-url}
 * or the INFLUX_URL environment variable; without one the InfluxDB part is skipped and an in-memory
 * sink takes its place).
 *
 * <p><b>Traffic.</b> A producer thread sends {@code --rate} prediction events per second of the 20 + 5
 * feature {@link SyntheticModel} in ticks of 10 ms, round-robin over the partitions, each stamped
 * with the wall-clock time it is created, so event time follows the clock and the watermark advances
 * with it. In every other window (odd window index) feature {@code num_00} is shifted by 3σ; with
 * alerts firing after one breaching window and resolving after one clean one, every window after the
 * first drifted one publishes a transition (FIRING or RESOLVED, for PSI and KS) for {@code num_00}.
 *
 * <p><b>When a window closes.</b> The sources' watermark is Flink's bounded out-of-orderness one:
 * per partition, the largest event time seen minus {@code out-of-orderness} minus 1 ms, emitted
 * every {@code pipeline.auto-watermark-interval} (200 ms), and the minimum over partitions. Window
 * [s, e) fires when that watermark reaches e − 1, i.e. once every partition has delivered an event
 * with event time ≥ e + out-of-orderness. The reference instant of window e is therefore
 * <em>T_close(e) = the wall-clock time when the last partition was handed (producer.send) its first
 * event with event time ≥ e + out-of-orderness</em>: the earliest moment the watermark can pass e.
 * Everything after it — the producer's linger and the broker append, the source's fetch, up to one
 * watermark interval, the evaluation stage's settle delay, evaluation, the sinks — is in the latency.
 *
 * <p><b>Measured per window</b>, against T_close(e):
 * <ul>
 *   <li><b>alert appended</b>: the broker's append time of the window's first alert record (the alert
 *       topic uses LogAppendTime; read by a read_uncommitted consumer, which sees records of open
 *       transactions);</li>
 *   <li><b>alert committed</b>: when a read_committed consumer (what alert routing uses) first receives
 *       it. The sink is exactly-once: its transaction commits when the next checkpoint completes, so
 *       this adds up to one {@code --checkpoint-interval} plus the checkpoint's own time;</li>
 *   <li><b>InfluxDB</b>: when a query polled every {@value #INFLUX_POLL_MS} ms first returns the
 *       window's {@code drift} point of {@code num_00}. The sink writes a batch when
 *       {@code --influx-batch-size} points are buffered or at a checkpoint barrier; a window makes
 *       ~55 points, so with the default 500 the checkpoint barrier is what flushes it.</li>
 * </ul>
 * The first {@code --warmup-windows} windows after the traffic starts are not measured (job start-up,
 * first alerts). Baselines of the same run: a plain producer → consumer round trip on the same broker,
 * a transactional one (send, commit, read_committed consumer), and a direct InfluxDB write → query
 * round trip with the same poll interval.
 *
 * <pre>INFLUX_URL=http://127.0.0.1:18086 java -cp benchmarks/target/benchmarks.jar io.driftwatch.bench.AlertLatencyBenchmark \
 *     [--rate 2000] [--window 10s] [--windows 24] [--warmup-windows 2] [--checkpoint-interval 7s] \
 *     [--out-of-orderness 1s] [--influx-batch-size 500] [--partitions 2] [--parallelism 1] [--round-trips 30]</pre>
 */
public final class AlertLatencyBenchmark {
    private static final String TOPIC = "predictions";
    private static final String ALERTS = "drift-alerts";
    private static final String DRIFTED_FEATURE = "num_00";
    /** The shift of {@link #DRIFTED_FEATURE} in drifted windows: 3σ of its N(0, 1). */
    private static final double SHIFT = 3.0;
    private static final long TICK_MS = 10;
    private static final long INFLUX_POLL_MS = 20;
    /** Longest a consumer's fetch waits at the broker: the resolution of the committed-alert times. */
    private static final int FETCH_MAX_WAIT_MS = 20;

    private final Map<String, String> options;
    private final int rate;
    private final int windows;
    private final int warmupWindows;
    private final int partitions;
    private final int roundTrips;
    private final String influxUrl;
    private final String database = "driftwatch_latency_" + System.currentTimeMillis();
    /** The job's configuration, from the options; its window, out-of-orderness and checkpoint interval rule here too. */
    private JobConfig config;
    private Duration window;
    private Duration outOfOrderness;

    /** T_close per window end, per partition: when the first event past end + out-of-orderness was sent. */
    private final Map<Long, Map<Integer, Long>> closeByPartition = new ConcurrentHashMap<>();
    private final NavigableMap<Long, Long> appended = new ConcurrentSkipListMap<>();
    private final NavigableMap<Long, Long> committed = new ConcurrentSkipListMap<>();
    private final NavigableMap<Long, Long> inInflux = new ConcurrentSkipListMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private AlertLatencyBenchmark(Map<String, String> options) {
        this.options = options;
        rate = Integer.parseInt(options.get("rate"));
        windows = Integer.parseInt(options.get("windows"));
        warmupWindows = Integer.parseInt(options.get("warmup-windows"));
        partitions = Integer.parseInt(options.get("partitions"));
        roundTrips = Integer.parseInt(options.get("round-trips"));
        influxUrl = options.get("influx-url");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.ofEntries(Map.entry("rate", "2000"),
                Map.entry("window", "10s"), Map.entry("windows", "24"), Map.entry("warmup-windows", "2"),
                Map.entry("checkpoint-interval", "7s"), Map.entry("out-of-orderness", "1s"),
                Map.entry("influx-batch-size", "500"), Map.entry("partitions", "2"), Map.entry("parallelism", "1"),
                Map.entry("round-trips", "30"), Map.entry("influx-url", System.getenv().getOrDefault("INFLUX_URL", ""))));
        new AlertLatencyBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        if (influxUrl.isEmpty()) {
            System.out.println("no InfluxDB URL (--influx-url or INFLUX_URL): the InfluxDB part is skipped, "
                    + "the job writes its points to an in-memory sink");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            config = jobConfig(broker);
            window = config.windows().size();
            outOfOrderness = config.windows().outOfOrderness();
            System.out.printf(Locale.ROOT, "job: windows %s, out-of-orderness %s, watermark interval %s, settle delay "
                            + "1 s, checkpoints every %s, alerts exactly-once, InfluxDB batch %d points (else flushed "
                            + "at checkpoints), parallelism %d, %d partitions, %,d events/s%n", window, outOfOrderness,
                    PipelineOptions.AUTO_WATERMARK_INTERVAL.defaultValue(), config.checkpoints().interval(),
                    config.influxdb().batchSize(), config.parallelism(), partitions, rate);
            broker.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1),
                    new NewTopic("baselines", 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT)),
                    new NewTopic(ALERTS, 1, (short) 1).configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                            TimestampType.LOG_APPEND_TIME.name)),
                    new NewTopic("retrain-requests", 1, (short) 1), new NewTopic("dead-letters", 1, (short) 1),
                    new NewTopic("round-trip", 1, (short) 1)));
            RoundTrips.report("baseline: plain producer -> consumer round trip",
                    RoundTrips.kafka(broker, "round-trip", roundTrips, false));
            RoundTrips.report("baseline: transactional send + commit -> read_committed consumer",
                    RoundTrips.kafka(broker, "round-trip", roundTrips, true));
            InfluxDB influx = influxUrl.isEmpty() ? null : InfluxDBFactory.connect(influxUrl);
            try {
                if (influx != null) {
                    influx.query(new Query("CREATE DATABASE \"" + database + "\""));
                    RoundTrips.report("baseline: InfluxDB write -> query (polled every " + INFLUX_POLL_MS + " ms)",
                            RoundTrips.influx(influx, database, roundTrips, INFLUX_POLL_MS));
                }
                measure(broker, influx);
            } finally {
                if (influx != null) {
                    influx.query(new Query("DROP DATABASE \"" + database + "\""));
                    influx.close();
                }
            }
        }
    }

    /** The job's configuration: the options' window, lateness and checkpoint settings, alerts on every transition. */
    private JobConfig jobConfig(EmbeddedKafkaBroker broker) throws Exception {
        return JobConfigLoader.parse("""
                kafka:
                  bootstrap-servers: %s
                  group-id: latency-bench
                topics:
                  predictions: {name: %s, format: avro}
                  alerts: %s
                windows:
                  size: %s
                  out-of-orderness: %s
                influxdb:
                  url: %s
                  database: %s
                  batch-size: %s
                alerts:
                  firing-after: 1
                  resolve-after: 1
                checkpoints:
                  interval: %s
                  directory: %s
                parallelism: %s
                """.formatted(broker.bootstrapServers(), TOPIC, ALERTS, options.get("window"),
                options.get("out-of-orderness"), influxUrl.isEmpty() ? "http://127.0.0.1:9" : influxUrl, database,
                options.get("influx-batch-size"), options.get("checkpoint-interval"),
                Files.createTempDirectory("driftwatch-latency-checkpoints-").toUri(), options.get("parallelism")),
                "latency benchmark options");
    }

    private void measure(EmbeddedKafkaBroker broker, InfluxDB influx) throws Exception {
        publishBaseline(broker);
        DriftJob.Sinks production = DriftJob.productionSinks(config);
        Sink<InfluxPoint> influxSink = influx != null ? production.influx()
                : WindowCountingSink.withLedger("latency", new WindowCountingSink.Ledger());
        DriftJob.Sinks sinks = new DriftJob.Sinks(influxSink, production.alerts(), production.retrainRequests(),
                production.deadLetters(), production.labelledExamples());
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        JobClient job = new DriftJob(config, DriftJob.kafkaSources(config), sinks)
                .executeAsync(DriftJob.environment(config, flink));

        List<Thread> threads = new ArrayList<>();
        threads.add(start("alerts-uncommitted", () -> readAlerts(broker, "read_uncommitted", appended)));
        threads.add(start("alerts-committed", () -> readAlerts(broker, "read_committed", committed)));
        if (influx != null) {
            threads.add(start("influx-poller", () -> pollInflux(influx)));
        }
        long trafficStart = System.currentTimeMillis();
        threads.add(start("traffic", () -> produce(broker)));
        long windowMs = window.toMillis();
        long firstMeasured = (Math.floorDiv(trafficStart, windowMs) + 1 + warmupWindows) * windowMs;
        long lastMeasured = firstMeasured + (windows - 1) * windowMs;
        long checkpointMs = config.checkpoints().interval().toMillis();
        long deadline = lastMeasured + outOfOrderness.toMillis() + checkpointMs * 3 + 60_000;
        System.out.printf(Locale.ROOT, "measuring windows ending %s .. %s (about %d s)%n",
                Instant.ofEpochMilli(firstMeasured), Instant.ofEpochMilli(lastMeasured),
                (lastMeasured - trafficStart + checkpointMs) / 1000);
        while (!(committed.containsKey(lastMeasured) && (influx == null || inInflux.containsKey(lastMeasured)))) {
            if (failure.get() != null) {
                throw failure.get();
            }
            if (job.getJobExecutionResult().isDone()) {
                job.getJobExecutionResult().join();
                throw new IllegalStateException("the job ended");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no committed alert or InfluxDB point for the window ending "
                        + Instant.ofEpochMilli(lastMeasured) + " by " + Instant.ofEpochMilli(deadline)
                        + "; alerts seen for window ends " + committed.keySet());
            }
            Thread.sleep(50);
        }
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
        job.cancel().get(1, TimeUnit.MINUTES);
        report(firstMeasured, lastMeasured, influx != null);
    }

    private void publishBaseline(EmbeddedKafkaBroker broker) throws Exception {
        Baseline baseline = new SyntheticModel(42).baseline(Instant.now().minus(Duration.ofMinutes(1)));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
            producer.send(new ProducerRecord<>("baselines", 0, bytes(SyntheticModel.MODEL + "/" + SyntheticModel.VERSION),
                    EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO))).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends {@code rate} events per second until stopped, event time = wall time at creation, and
     * records T_close for every window end as its events cross end + out-of-orderness per partition.
     */
    private void produce(EmbeddedKafkaBroker broker) {
        SyntheticModel model = new SyntheticModel(7);
        EventCodec<PredictionEvent> codec = EventCodec.of(PredictionEvent.class);
        Map<String, Object> config = broker.producerConfig();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long windowMs = window.toMillis();
        long[] nextClose = new long[partitions];
        long sent = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            while (running) {
                long due = (System.nanoTime() - start) / 1_000_000 * rate / 1000;
                for (; sent < due; sent++) {
                    long now = System.currentTimeMillis();
                    int partition = (int) (sent % partitions);
                    PredictionEvent event = model.event("e" + sent, now);
                    if (Math.floorMod(Math.floorDiv(now, windowMs), 2) == 1) {
                        event.getNumericFeatures().merge(DRIFTED_FEATURE, SHIFT, Double::sum);
                    }
                    producer.send(new ProducerRecord<>(TOPIC, partition, bytes(event.getEventId()),
                            codec.encode(event, WireFormat.AVRO)), (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    // Window ends e whose e + out-of-orderness this event reaches for the first time on its partition.
                    long reached = Math.floorDiv(now - outOfOrderness.toMillis(), windowMs) * windowMs;
                    if (nextClose[partition] == 0) {
                        nextClose[partition] = reached + windowMs;
                    }
                    for (; nextClose[partition] <= reached; nextClose[partition] += windowMs) {
                        closeByPartition.computeIfAbsent(nextClose[partition], k -> new ConcurrentHashMap<>())
                                .put(partition, now);
                    }
                }
                Thread.sleep(TICK_MS);
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Records, per window end, when the first alert of that window became visible to this consumer. */
    private void readAlerts(EmbeddedKafkaBroker broker, String isolation, Map<Long, Long> seen) {
        Map<String, Object> config = broker.consumerConfig("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        EventCodec<DriftAlert> codec = EventCodec.of(DriftAlert.class);
        boolean appendTime = "read_uncommitted".equals(isolation);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(new TopicPartition(ALERTS, 0)));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    DriftAlert alert = codec.decode(record.value(), WireFormat.AVRO);
                    if (!DRIFTED_FEATURE.equals(alert.getFeature())) {
                        continue;
                    }
                    if (appendTime && record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException("alert record without LogAppendTime: " + record.timestampType());
                    }
                    seen.putIfAbsent(alert.getWindowEnd().toEpochMilli(), appendTime ? record.timestamp() : now);
                }
            }
        } catch (EventDecodingException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Records, per window end, when its {@code drift} point of the drifted feature was first returned by a query. */
    private void pollInflux(InfluxDB influx) {
        long since = System.currentTimeMillis() - window.toMillis();
        Query query = new Query("SELECT \"psi\" FROM \"drift\" WHERE \"feature\" = '" + DRIFTED_FEATURE
                + "' AND time >= " + since + "ms", database);
        try {
            while (running) {
                QueryResult result = influx.query(query, TimeUnit.MILLISECONDS);
                long now = System.currentTimeMillis();
                for (QueryResult.Result r : result.getResults()) {
                    if (r.getError() != null) {
                        throw new IllegalStateException("InfluxDB query failed: " + r.getError());
                    }
                    for (QueryResult.Series series : r.getSeries() == null ? List.<QueryResult.Series>of() : r.getSeries()) {
                        for (List<Object> row : series.getValues()) {
                            inInflux.putIfAbsent(((Number) row.get(0)).longValue(), now);
                        }
                    }
                }
                Thread.sleep(INFLUX_POLL_MS);
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private void report(long firstMeasured, long lastMeasured, boolean withInflux) {
        List<Double> toAppend = new ArrayList<>();
        List<Double> toCommit = new ArrayList<>();
        List<Double> toInflux = new ArrayList<>();
        List<Double> appendToCommit = new ArrayList<>();
        System.out.println();
        System.out.println("| window end | T_close | alert appended | alert committed | InfluxDB |");
        System.out.println("|---|---|---|---|---|");
        for (long end = firstMeasured; end <= lastMeasured; end += window.toMillis()) {
            Map<Integer, Long> crossings = closeByPartition.get(end);
            if (crossings == null || crossings.size() < partitions) {
                throw new IllegalStateException("no T_close for window end " + Instant.ofEpochMilli(end));
            }
            long close = Collections.max(crossings.values());
            Long append = appended.get(end);
            Long commit = committed.get(end);
            Long point = inInflux.get(end);
            if (append == null || commit == null || (withInflux && point == null)) {
                throw new IllegalStateException("window ending " + Instant.ofEpochMilli(end) + " has no alert "
                        + (append == null ? "appended" : commit == null ? "committed" : "InfluxDB point"));
            }
            toAppend.add((double) (append - close));
            toCommit.add((double) (commit - close));
            appendToCommit.add((double) (commit - append));
            if (withInflux) {
                toInflux.add((double) (point - close));
            }
            System.out.printf(Locale.ROOT, "| %s | +%d ms | %d ms | %d ms | %s |%n", Instant.ofEpochMilli(end),
                    close - end, append - close, commit - close, withInflux ? (point - close) + " ms" : "–");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d windows of %s; latency from T_close (watermark can pass the window end):%n",
                toAppend.size(), window);
        RoundTrips.report("  alert appended to Kafka (LogAppendTime)", toAppend);
        RoundTrips.report("  alert visible to read_committed", toCommit);
        RoundTrips.report("    of which append -> commit visible", appendToCommit);
        if (withInflux) {
            RoundTrips.report("  metric point queryable in InfluxDB", toInflux);
        }
    }

    private Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
