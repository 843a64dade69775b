package io.driftwatch.trainer.service;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.events.RetrainRequest;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.data.TopicDataReader;
import io.driftwatch.trainer.deploy.Deployer;
import io.driftwatch.trainer.deploy.DeploymentPublisher;
import io.driftwatch.trainer.registry.FileSystemModelRegistry;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.RequestRecord;

/**
 * The long-running trainer: one consumer (group {@code kafka.group_id}) on {@code retrain-requests},
 * one request at a time ({@code max.poll.records=1}), so at most one training runs per process and,
 * because requests are keyed by model id, per model across the group. A request's offset is
 * committed only after its outcome is recorded in the registry. On a transient failure the request
 * is re-read after a growing back-off, with the partitions paused so the consumer stays in its group.
 */
public final class TrainerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final EventCodec<RetrainRequest> CODEC = EventCodec.of(RetrainRequest.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final TrainerConfig config;
    private final ModelRegistry registry;
    private final Clock clock;
    private final Thread loop;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Throwable failure;

    public TrainerService(TrainerConfig config, Clock clock) {
        this.config = config;
        this.registry = new FileSystemModelRegistry(config.registry().path());
        this.clock = clock;
        this.loop = new Thread(this::run, "trainer");
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** Starts consuming; returns once subscribed. */
    public TrainerService start() {
        loop.start();
        try {
            if (!started.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("trainer did not start within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the trainer", e);
        }
        if (failure != null) {
            throw new IllegalStateException("trainer failed to start: " + failure.getMessage(), failure);
        }
        return this;
    }

    /** Blocks until the service stops, after {@link #close()} or a fatal error. */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    private void run() {
        Map<String, Object> client = config.kafka().clientProperties();
        try (DeploymentPublisher publisher = new DeploymentPublisher(client, config.topics().baselines(),
                config.topics().modelDeployments(), Duration.ofMinutes(1));
             KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig(client))) {
            consumer = kafka;
            TopicDataReader data = new TopicDataReader(client, config.topics().labelledExamples(),
                    config.service().labelDelay(), config.service().readTimeout());
            RetrainHandler handler = new RetrainHandler(config, registry, data, new TrainingPipeline(registry, clock),
                    new Deployer(registry, publisher, clock), clock);
            kafka.subscribe(List.of(config.topics().retrainRequests()));
            started.countDown();
            LOG.info("trainer consuming {} at {} as group {}; registry {}", config.topics().retrainRequests(),
                    config.kafka().bootstrapServers(), config.kafka().groupId(), config.registry().path());
            consume(kafka, handler);
        } catch (WakeupException | InterruptException e) {
            LOG.info("trainer stopping");
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
                LOG.error("trainer failed: {}", e.getMessage(), e);
            }
        } finally {
            started.countDown();
            stopped.countDown();
        }
    }

    private void consume(KafkaConsumer<byte[], byte[]> kafka, RetrainHandler handler) {
        Duration backoff = config.service().retryBackoff();
        Instant pausedUntil = Instant.MIN;
        while (running) {
            if (!kafka.paused().isEmpty() && clock.instant().isAfter(pausedUntil)) {
                kafka.resume(kafka.paused());
            }
            for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                try {
                    handle(record, handler);
                    kafka.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    backoff = config.service().retryBackoff();
                } catch (KafkaException | UncheckedIOException e) {
                    if (e instanceof WakeupException || e instanceof InterruptException) {
                        throw e;
                    }
                    LOG.warn("transient failure on {}@{}; retrying in {}: {}", partition, record.offset(), backoff, e.getMessage());
                    kafka.seek(partition, record.offset());
                    kafka.pause(kafka.assignment());
                    pausedUntil = clock.instant().plus(backoff);
                    backoff = min(backoff.multipliedBy(2), config.service().maxRetryBackoff());
                }
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, RetrainHandler handler) {
        RetrainRequest request;
        try {
            request = CODEC.decode(record.value(), WireFormat.AVRO);
        } catch (EventDecodingException e) {
            LOG.error("skipping {}-{}@{}: not a RetrainRequest ({})", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        RequestRecord outcome = handler.handle(request);
        boolean expected = switch (outcome.outcome()) {
            case DEPLOYED, REJECTED, COOLDOWN, SUPERSEDED -> true;
            default -> false;
        };
        String message = "request {} for {} {}: {} ({})";
        Object[] details = {request.getRequestId(), request.getModelId(), request.getModelVersion(), outcome.outcome(),
                outcome.reason()};
        if (expected) {
            LOG.info(message, details);
        } else {
            LOG.warn(message, details);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Map<String, Object> consumerConfig(Map<String, Object> client) {
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // The drift job writes retrain requests in Kafka transactions: never act on an aborted one.
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One training must fit between two polls; 30 minutes leaves room for large data sets.
        consumerConfig.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return consumerConfig;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            loop.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
