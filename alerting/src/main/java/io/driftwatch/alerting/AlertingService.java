package io.driftwatch.alerting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.http.HealthServer;
import io.driftwatch.alerting.http.ServiceMetrics;
import io.driftwatch.alerting.kafka.AckedPublisher;
import io.driftwatch.alerting.notify.DeliveryLanes;
import io.driftwatch.alerting.notify.Integrations;
import io.driftwatch.alerting.notify.KafkaFailureRecorder;
import io.driftwatch.alerting.notify.RetryingDelivery;
import io.driftwatch.alerting.route.Dispatcher;
import io.driftwatch.alerting.route.Inhibitor;
import io.driftwatch.alerting.route.Silence;
import io.driftwatch.alerting.route.SilenceFile;
import io.driftwatch.alerting.state.KafkaStateStore;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;

/**
 * The running service: one thread consumes {@code drift-alerts}, hands each alert to the
 * {@link Dispatcher}, flushes due groups (handing their notifications to one {@link DeliveryLanes
 * delivery lane} per integration, so it never waits for a delivery), makes the state durable and
 * then commits the offsets of the alerts that every integration has handled. {@code /health} and
 * {@code /metrics} are served beside it.
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * The loop turns every {@link #POLL} (deliveries and their retry waits run on the lanes); only
     * Kafka calls may hold it, each bounded by a timeout of at most a minute. Longer means it hangs.
     */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private final AlertingConfig config;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final EventCodec<DriftAlert> alerts = EventCodec.of(DriftAlert.class);
    private final EventCodec<DeadLetter> deadLetters = EventCodec.of(DeadLetter.class);
    private final AtomicLong consumerLag = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread loop;
    private volatile boolean running = true;
    private volatile Instant lastLoop = Instant.now();
    private volatile Throwable failure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Set once the saved state is restored; read by the metrics gauges. */
    private volatile Dispatcher runningDispatcher;
    private volatile DeliveryLanes runningLanes;
    private HealthServer health;

    public AlertingService(AlertingConfig config) {
        this.config = config;
        this.loop = new Thread(this::run, "alerting-dispatch");
        // Read by the HTTP thread; sizes of the dispatcher's maps may be a moment stale, which a gauge tolerates.
        metrics.gauge("driftwatch_alerting_groups_active", () -> runningDispatcher == null ? 0 : runningDispatcher.groupCount());
        metrics.gauge("driftwatch_alerting_alerts_active", () -> runningDispatcher == null ? 0 : runningDispatcher.alertCount());
        metrics.gauge("driftwatch_alerting_consumer_lag", consumerLag::get);
        metrics.gauge("driftwatch_alerting_deliveries_pending", () -> runningLanes == null ? 0 : runningLanes.pending());
    }

    /** Starts the HTTP endpoints and the dispatch loop; returns once the saved state is loaded and consuming began. */
    public AlertingService start() {
        try {
            health = new HealthServer(config.http().listen(), this::healthy, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.http().listen() + ": " + e.getMessage(), e);
        }
        loop.start();
        try {
            if (!started.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("alerting service did not start within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
        if (failure != null) {
            close();
            throw new IllegalStateException("alerting service failed to start: " + failure.getMessage(), failure);
        }
        return this;
    }

    public InetSocketAddress httpAddress() {
        return health.address();
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    /**
     * Blocks until the service stops: returns after {@link #close()}, throws after a fatal error
     * (so that the process exits non-zero and a supervisor restarts it).
     */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
        if (failure != null) {
            throw new IllegalStateException("alerting service failed: " + failure.getMessage(), failure);
        }
    }

    /**
     * Alive while the consuming loop turns. Deliveries retrying through an outage do not hold the loop
     * (they run on the lanes), so they keep the service up; they show in
     * {@code driftwatch_alerting_deliveries_pending} and the retry counters.
     */
    private boolean healthy() {
        return started.getCount() == 0 && loop.isAlive() && failure == null
                && Duration.between(lastLoop, Instant.now()).compareTo(STUCK_AFTER) < 0;
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> client = new HashMap<>(config.kafka().properties());
        client.put("bootstrap.servers", config.kafka().bootstrapServers());
        return client;
    }

    private void run() {
        Map<String, Object> client = clientConfig();
        try (AckedPublisher publisher = new AckedPublisher(client);
             KafkaStateStore store = new KafkaStateStore(config.kafka().stateTopic(), client);
             KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig(client))) {
            consumer = kafka;
            ensureTopics(client);
            Optional<SilenceFile> silenceFile = config.silencesFile().map(SilenceFile::new);
            KafkaFailureRecorder failures = new KafkaFailureRecorder(config.kafka().failuresTopic(), publisher);
            RetryingDelivery delivery = new RetryingDelivery(config.delivery(), Clock.systemUTC(), this::sleepUnlessStopped,
                    () -> ThreadLocalRandom.current().nextDouble(), failures, metrics);
            try (DeliveryLanes lanes = DeliveryLanes.onThreads(delivery)) {
                runningLanes = lanes;
                Dispatcher dispatcher = new Dispatcher(config.route(),
                        Integrations.create(config, HttpClient.newHttpClient(), Clock.systemUTC(), this::sleepUnlessStopped),
                        new Inhibitor(config.inhibitRules()), silences(silenceFile), lanes, store, Clock.systemUTC());
                dispatcher.restore(store.load());
                runningDispatcher = dispatcher;
                consume(kafka, publisher, store, dispatcher);
            }
        } catch (WakeupException e) {
            LOG.info("alerting service stopping");
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
                LOG.error("alerting service failed: {}", e.getMessage(), e);
            }
        } finally {
            started.countDown();
            stopped.countDown();
        }
    }

    /** Consumes until stopped: alerts to the dispatcher, then state made durable, then handled offsets committed. */
    private void consume(KafkaConsumer<byte[], byte[]> kafka, AckedPublisher publisher, KafkaStateStore store,
                         Dispatcher dispatcher) {
        CommittableOffsets offsets = new CommittableOffsets();
        kafka.subscribe(List.of(config.kafka().alertsTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                offsets.revoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        started.countDown();
        LOG.info("alerting service consuming {} at {}; endpoints on {}", config.kafka().alertsTopic(),
                config.kafka().bootstrapServers(), health.address());
        while (running) {
            lastLoop = Instant.now();
            for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                offsets.consumed(partition, record.offset());
                decode(record, publisher).ifPresentOrElse(
                        alert -> dispatcher.ingest(alert, () -> offsets.handled(partition, record.offset())),
                        () -> offsets.handled(partition, record.offset()));
            }
            dispatcher.flushDue();
            store.flush();
            Map<TopicPartition, OffsetAndMetadata> commit = offsets.toCommit();
            if (!commit.isEmpty()) {
                kafka.commitSync(commit);
                offsets.committed(commit);
            }
            consumerLag.set(kafka.assignment().stream().mapToLong(p -> kafka.currentLag(p).orElse(0)).sum());
        }
    }

    /** Waits between delivery attempts, cut short (as an interruption) when the service is closed. */
    private void sleepUnlessStopped(Duration duration) throws InterruptedException {
        if (stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("service stopping");
        }
    }

    private Supplier<List<Silence>> silences(Optional<SilenceFile> file) {
        if (file.isEmpty()) {
            return List::of;
        }
        SilenceFile silenceFile = file.get();
        return () -> {
            try {
                return silenceFile.current();
            } catch (RuntimeException e) {
                // A half-edited silence file must not stop notifications: keep going without it, loudly.
                LOG.error("silences file {} unreadable, no silences applied: {}", silenceFile.path(), e.getMessage());
                return List.of();
            }
        };
    }

    private Map<String, Object> consumerConfig(Map<String, Object> client) {
        Map<String, Object> consumer = new HashMap<>(client);
        consumer.put("group.id", config.kafka().groupId());
        consumer.put("enable.auto.commit", false);
        // The drift job publishes alerts in Kafka transactions: an aborted one (a job failover) must
        // never page anybody.
        consumer.put("isolation.level", "read_committed");
        consumer.putIfAbsent("auto.offset.reset", "earliest");
        consumer.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumer.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return consumer;
    }

    /** Creates the state (compacted), failure and dead-letter topics with broker defaults when they are missing. */
    private void ensureTopics(Map<String, Object> client) {
        try (Admin admin = Admin.create(client)) {
            List<NewTopic> topics = List.of(
                    new NewTopic(config.kafka().stateTopic(), Optional.empty(), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                    new NewTopic(config.kafka().failuresTopic(), Optional.empty(), Optional.empty()),
                    new NewTopic(config.kafka().deadLettersTopic(), Optional.empty(), Optional.empty()));
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.info("created topic {}", topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        }
    }

    /**
     * The alert in {@code record}, or empty after the record was put on the dead-letter topic with the
     * reason (nothing is dropped silently; its offset may then be committed).
     */
    private Optional<Alert> decode(ConsumerRecord<byte[], byte[]> record, AckedPublisher publisher) {
        metrics.alertReceived();
        try {
            return Optional.of(Alert.of(alerts.decode(record.value(), WireFormat.AVRO)));
        } catch (EventDecodingException e) {
            LOG.error("dead-lettering unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            DeadLetter letter = DeadLetter.newBuilder()
                    .setSourceTopic(record.topic())
                    .setSourcePartition(record.partition())
                    .setSourceOffset(record.offset())
                    .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                    .setPayload(ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value()))
                    .setStage("alerting-decode")
                    .setReason(e.rejection().reason().code())
                    .setError(e.rejection().message())
                    .setFailedAt(Instant.now())
                    .build();
            publisher.publish(config.kafka().deadLettersTopic(), record.key(), deadLetters.encode(letter, WireFormat.AVRO));
            metrics.deadLettered();
            return Optional.empty();
        }
    }

    /** Stops consuming (mid-delivery if need be) without flushing pending groups: what is not done is redone after a restart. */
    @Override
    public void close() {
        running = false;
        DeliveryLanes lanes = runningLanes;
        if (lanes != null) {
            // Before anything wakes the lanes: a lane must not start its next notification while stopping.
            lanes.close();
        }
        stopRequested.countDown();
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            loop.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (health != null) {
            health.close();
        }
    }
}
