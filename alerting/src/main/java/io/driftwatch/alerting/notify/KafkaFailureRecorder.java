package io.driftwatch.alerting.notify;

import io.driftwatch.alerting.kafka.AckedPublisher;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Publishes {@link DeliveryFailure}s as JSON to the failures topic, waiting for the broker's ack. */
public final class KafkaFailureRecorder implements FailureRecorder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final AckedPublisher publisher;

    public KafkaFailureRecorder(String topic, AckedPublisher publisher) {
        this.topic = topic;
        this.publisher = publisher;
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
        publisher.publish(topic, failure.groupKey().getBytes(StandardCharsets.UTF_8),
                json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
