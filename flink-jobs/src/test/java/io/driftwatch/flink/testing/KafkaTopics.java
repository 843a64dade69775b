package io.driftwatch.flink.testing;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Producing to and reading back from the embedded broker, every send checked. */
public final class KafkaTopics implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();

    public KafkaTopics(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.producer = new KafkaProducer<>(broker.producerConfig());
    }

    public void send(String topic, Integer partition, Long timestamp, String key, byte[] value) {
        sends.add(producer.send(new ProducerRecord<>(topic, partition, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)));
    }

    public <T extends SpecificRecord> void sendAll(String topic, Integer partition, List<T> events, Class<T> type,
                                                   WireFormat format) {
        EventCodec<T> codec = EventCodec.of(type);
        for (T event : events) {
            send(topic, partition, null, "key", codec.encode(event, format));
        }
    }

    /** Waits until every record sent so far is acknowledged. */
    public void flush() {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("a test record was not acknowledged: " + e, e);
        }
        sends.clear();
    }

    /** Every committed record of {@code topic} (read_committed, up to the last stable offset). */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> config = broker.consumerConfig("reader-" + System.nanoTime());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * How many records {@code topic} holds (end minus start offsets over its partitions), without
     * reading them: cheap enough to poll on a topic of 10⁵ records. Counts aborted and open
     * transactional records too, so use it on topics written without transactions.
     */
    public long recordCount(String topic) {
        Map<String, Object> config = broker.consumerConfig("counter-" + System.nanoTime());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(end -> end.getValue() - start.get(end.getKey())).sum();
        }
    }

    /** The committed records of {@code topic} decoded as {@code type}. */
    public <T extends SpecificRecord> List<T> readCommitted(String topic, Class<T> type) {
        EventCodec<T> codec = EventCodec.of(type);
        List<T> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(topic)) {
            try {
                events.add(codec.decode(record.value(), WireFormat.AVRO));
            } catch (EventDecodingException e) {
                throw new AssertionError("the job wrote an undecodable " + type.getSimpleName() + " to " + topic, e);
            }
        }
        return events;
    }

    @Override
    public void close() {
        producer.close();
    }
}
