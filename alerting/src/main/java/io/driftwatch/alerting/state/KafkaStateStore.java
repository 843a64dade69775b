package io.driftwatch.alerting.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.alerting.Alert;
import io.driftwatch.events.DriftAlert;

/**
 * Keeps the state in a compacted Kafka topic (e.g. {@code alerting-notification-log}):
 * key {@code alert/<fingerprint>} → the DriftAlert (Avro single-object encoding), key
 * {@code notified/<entry key>} → the notification log entry (JSON); forgetting writes a tombstone.
 * Loading reads the topic from the beginning to its end offsets, the last value of a key winning.
 */
public final class KafkaStateStore implements StateStore {
    private static final String ALERT = "alert/";
    private static final String NOTIFIED = "notified/";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> unflushed = new ArrayList<>();

    public KafkaStateStore(String topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put("acks", "all");
        producerConfig.put("enable.idempotence", true);
        producerConfig.put("key.serializer", ByteArraySerializer.class.getName());
        producerConfig.put("value.serializer", ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(producerConfig);
    }

    @Override
    public Snapshot load() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("key.deserializer", ByteArrayDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        config.put("enable.auto.commit", false);
        config.remove("group.id");
        Map<String, byte[]> latest = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("state topic " + topic + " not read to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(new String(record.key(), StandardCharsets.UTF_8), record.value());
                }
            }
        }
        List<Alert> alerts = new ArrayList<>();
        List<NotificationRecord> notifications = new ArrayList<>();
        latest.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (key.startsWith(ALERT)) {
                alerts.add(Alert.of(decodeAlert(value)));
            } else if (key.startsWith(NOTIFIED)) {
                notifications.add(decodeRecord(key.substring(NOTIFIED.length()), value));
            }
        });
        return new Snapshot(alerts, notifications);
    }

    @Override
    public void saveAlert(Alert alert) {
        try {
            ByteBuffer encoded = DriftAlert.getEncoder().encode(alert.event());
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            send(ALERT + alert.fingerprint(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode alert " + alert.fingerprint(), e);
        }
    }

    @Override
    public void forgetAlert(String fingerprint) {
        send(ALERT + fingerprint, null);
    }

    @Override
    public void saveNotification(NotificationRecord record) {
        ObjectNode json = JSON.createObjectNode();
        json.put("group_key", record.groupKey());
        record.firing().forEach(json.putArray("firing")::add);
        json.put("sent_at", record.sentAt().toString());
        send(NOTIFIED + record.key(), json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void forgetNotification(String key) {
        send(NOTIFIED + key, null);
    }

    @Override
    public void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> write : unflushed) {
                write.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("state not written to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing state to " + topic, e);
        } finally {
            unflushed.clear();
        }
    }

    @Override
    public void close() {
        producer.close(TIMEOUT);
    }

    private void send(String key, byte[] value) {
        unflushed.add(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
    }

    private static DriftAlert decodeAlert(byte[] bytes) {
        try {
            return DriftAlert.getDecoder().decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable alert in the state topic", e);
        }
    }

    private static NotificationRecord decodeRecord(String key, byte[] bytes) {
        try {
            JsonNode json = JSON.readTree(bytes);
            Set<String> firing = new TreeSet<>();
            json.path("firing").forEach(fingerprint -> firing.add(fingerprint.asText()));
            return new NotificationRecord(key, json.path("group_key").asText(), firing, Instant.parse(json.path("sent_at").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable notification log entry " + key, e);
        }
    }
}
