package io.driftwatch.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Publishes {@link DeliveryFailure}s as JSON to the failures topic, waiting for the broker's ack. */
public final class KafkaFailureRecorder implements FailureRecorder, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaFailureRecorder(String topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("acks", "all");
        config.put("key.serializer", ByteArraySerializer.class.getName());
        config.put("value.serializer", ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public void record(DeliveryFailure failure) {
        ObjectNode json = JSON.createObjectNode();
        json.put("integration", failure.integration());
        json.put("group_key", failure.groupKey());
        json.put("dedup_key", failure.dedupKey());
        json.put("status", failure.status());
        failure.fingerprints().forEach(json.putArray("fingerprints")::add);
        json.put("attempts", failure.attempts());
        json.put("last_error", failure.lastError());
        json.put("first_attempt_at", failure.firstAttemptAt().toString());
        json.put("gave_up_at", failure.gaveUpAt().toString());
        try {
            producer.send(new ProducerRecord<>(topic, failure.groupKey().getBytes(StandardCharsets.UTF_8),
                    json.toString().getBytes(StandardCharsets.UTF_8))).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not record a delivery failure in " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a delivery failure", e);
        }
    }

    @Override
    public void close() {
        producer.close(TIMEOUT);
    }
}
