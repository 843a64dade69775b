package io.driftwatch.trainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.avro.specific.SpecificRecord;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;

/** Test-side Kafka: produce events with checked sends, read a whole single-partition topic. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /** Sends each (key, event, record timestamp) and waits for every acknowledgement. */
    public static <T extends SpecificRecord> void produce(EmbeddedKafkaBroker broker, String topic, Class<T> type,
                                                          List<T> events, List<String> keys, List<Long> timestamps) {
        EventCodec<T> codec = EventCodec.of(type);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < events.size(); i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, 0, timestamps.get(i),
                        keys.get(i).getBytes(StandardCharsets.UTF_8), codec.encode(events.get(i), WireFormat.AVRO))));
            }
            for (var future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing to " + topic + " failed", e);
        }
    }

    /** Every (key, decoded value) on partition 0 of {@code topic}. */
    public static <T extends SpecificRecord> List<Map.Entry<String, T>> readAll(EmbeddedKafkaBroker broker, String topic,
                                                                                Class<T> type) {
        EventCodec<T> codec = EventCodec.of(type);
        Map<String, Object> config = broker.consumerConfig("reader");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<Map.Entry<String, T>> result = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Instant deadline = Instant.now().plusSeconds(30);
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue; // the broker helper's probe tombstone on compacted topics
                    }
                    result.add(Map.entry(new String(record.key(), StandardCharsets.UTF_8),
                            codec.decode(record.value(), WireFormat.AVRO)));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading " + topic + " failed", e);
        }
        return result;
    }
}
