package io.driftwatch.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft Kafka (one combined broker + controller) inside this JVM, for tests and the
 * local demo. Built on Kafka's own {@link KafkaClusterTestKit}, so it is the real broker code.
 *
 * <p>Producing into a topic created a moment ago can silently drop records (NOT_LEADER, then
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout). The {@code createTopics} methods
 * therefore return only once a probe record has round-tripped through every new partition; the
 * probe is then deleted again, so consumers never see it. Use {@link #producerConfig()} in tests.
 *
 * <p>{@link #stop()} keeps the data directory, and {@link #start()} afterwards brings the same
 * broker back with its topics and committed offsets. Clients keep working across the restart only
 * with a {@linkplain Builder#fixedPort(int) fixed port}: otherwise the port changes.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Listener of the optional fixed port, added beside the test kit's own (ephemeral) listener. */
    private static final String FIXED_LISTENER = "FIXED";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final OptionalInt fixedPort;
    private final Map<String, String> brokerConfig;
    private final Path dataDirectory;
    private final boolean deleteDataOnClose;
    private final String clusterId = Uuid.randomUuid().toString();

    private KafkaClusterTestKit cluster;
    private boolean formatted;

    private EmbeddedKafkaBroker(Builder builder) {
        this.fixedPort = builder.fixedPort;
        this.brokerConfig = Map.copyOf(builder.brokerConfig);
        this.dataDirectory = builder.dataDirectory;
        this.deleteDataOnClose = builder.deleteDataOnClose;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker (first time: formats its storage) and waits until it takes requests. */
    public synchronized EmbeddedKafkaBroker start() {
        if (cluster != null) {
            throw new IllegalStateException("broker already running at " + bootstrapServers());
        }
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setClusterId(clusterId)
                    .setBaseDirectory(dataDirectory)
                    .build();
            KafkaClusterTestKit.Builder kit = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
            brokerConfig.forEach(kit::setConfigProp);
            fixedPort.ifPresent(port -> addFixedListener(kit, nodes, port));
            cluster = kit.build();
            if (!formatted) {
                cluster.format();
                formatted = true;
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            return this;
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
        }
    }

    private static void addFixedListener(KafkaClusterTestKit.Builder kit, TestKitNodes nodes, int port) {
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        // The test kit binds its own listeners to pre-bound ephemeral sockets (port 0 here is
        // replaced by those); the extra listener binds the fixed port and survives a restart.
        kit.setConfigProp("listeners", String.format("%s://localhost:0,%s://localhost:0,%s://localhost:%d",
                broker, controller, FIXED_LISTENER, port));
        kit.setConfigProp("listener.security.protocol.map", String.format("%s:%s,%s:%s,%s:PLAINTEXT",
                broker, nodes.brokerListenerProtocol().name, controller, nodes.controllerListenerProtocol().name,
                FIXED_LISTENER));
    }

    /** Stops the broker, keeping its data so that {@link #start()} can bring it back. */
    public synchronized void stop() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not stop cleanly: " + e.getMessage(), e);
        } finally {
            cluster = null;
        }
    }

    /** Stops the broker and, unless the builder said otherwise, deletes its data directory. */
    @Override
    public synchronized void close() {
        stop();
        if (deleteDataOnClose) {
            deleteRecursively(dataDirectory);
        }
    }

    public synchronized boolean isRunning() {
        return cluster != null;
    }

    /** {@code host:port} for clients; with a fixed port it stays the same across restarts. */
    public synchronized String bootstrapServers() {
        if (fixedPort.isPresent()) {
            return "localhost:" + fixedPort.getAsInt();
        }
        return runningCluster().bootstrapServers();
    }

    /** Creates single-partition topics and waits until each one takes and serves a record. */
    public void createTopics(String... names) {
        createTopics(Arrays.stream(names).map(name -> new NewTopic(name, 1, (short) 1)).toList());
    }

    /** Creates single-partition compacted topics (e.g. state logs keyed by id), ready for use. */
    public void createCompactedTopics(String... names) {
        createTopics(Arrays.stream(names)
                .map(name -> new NewTopic(name, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))
                .toList());
    }

    /**
     * Creates the topics (an existing one is left as it is) and returns once a probe record has
     * round-tripped through every partition; the probes are then deleted (non-compacted topics) or
     * are tombstones of a key no one uses (compacted topics), so readers see an empty topic.
     */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(adminConfig())) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            for (NewTopic topic : topics) {
                awaitWritable(admin, topic);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    private void awaitWritable(Admin admin, NewTopic topic) throws Exception {
        boolean compacted = TopicConfig.CLEANUP_POLICY_COMPACT.equals(
                topic.configs() == null ? null : topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
        int partitions = topic.numPartitions() > 0 ? topic.numPartitions() : 1;
        byte[] probeKey = ("__driftwatch-probe-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Map<TopicPartition, RecordsToDelete> probes = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            for (int partition = 0; partition < partitions; partition++) {
                byte[] value = compacted ? null : probeKey;
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic.name(), partition, probeKey, value))
                        .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                awaitReadable(new TopicPartition(topic.name(), partition), sent.offset());
                probes.put(new TopicPartition(topic.name(), partition), RecordsToDelete.beforeOffset(sent.offset() + 1));
            }
        }
        if (!compacted) {
            admin.deleteRecords(probes).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void awaitReadable(TopicPartition partition, long offset) {
        Map<String, Object> config = consumerConfig("__driftwatch-probe");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            Instant deadline = Instant.now().plus(READY_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.records(partition).stream().anyMatch(r -> r.offset() == offset)) {
                    return;
                }
            }
            throw new IllegalStateException("probe record at " + partition + "@" + offset + " never came back");
        }
    }

    /**
     * Producer settings safe right after topic creation: acks=all, one request in flight (no
     * reordering on retries), byte-array key and value. Callers may add to the returned map.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /** Consumer settings reading from the earliest offset with byte-array key and value. */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    public Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    private KafkaClusterTestKit runningCluster() {
        if (cluster == null) {
            throw new IllegalStateException("embedded Kafka is not running; call start()");
        }
        return cluster;
    }

    private void closeQuietly() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception suppressed) {
                // start() already failed; its exception is the one worth reporting
            }
            cluster = null;
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** Settings of an {@link EmbeddedKafkaBroker}; the defaults suit a one-node test cluster. */
    public static final class Builder {
        private OptionalInt fixedPort = OptionalInt.empty();
        private final Map<String, String> brokerConfig = new LinkedHashMap<>(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0"));
        private Path dataDirectory;
        private boolean deleteDataOnClose = true;

        private Builder() {
        }

        /** Also listens on {@code localhost:port}, which {@link #bootstrapServers()} then returns. */
        public Builder fixedPort(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
            this.fixedPort = OptionalInt.of(port);
            return this;
        }

        /** Any broker setting, e.g. {@code log.cleaner.backoff.ms}; overrides the defaults. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Where the broker keeps its data; default a new temporary directory. */
        public Builder dataDirectory(Path directory, boolean deleteOnClose) {
            this.dataDirectory = Objects.requireNonNull(directory);
            this.deleteDataOnClose = deleteOnClose;
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (dataDirectory == null) {
                try {
                    dataDirectory = Files.createTempDirectory("driftwatch-kafka-");
                } catch (IOException e) {
                    throw new IllegalStateException("no temporary directory for embedded Kafka: " + e.getMessage(), e);
                }
            }
            return new EmbeddedKafkaBroker(this);
        }
    }
}
