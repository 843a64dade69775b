package io.driftwatch.demo.simulate;

import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the simulator's events as Avro single-object records, keyed by model id, with the record
 * timestamp given (the time the event happened, or the label became known, in the story's event
 * time). Sends are asynchronous; the first failure is kept and raised by the next send or
 * {@link #flush()}, so a lost record stops the demo instead of silently thinning its data.
 */
final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    EventPublisher(Map<String, Object> producerConfig) {
        this.producer = new KafkaProducer<>(producerConfig);
    }

    <T extends SpecificRecord> void send(String topic, String key, long timestamp, T event, EventCodec<T> codec) {
        raiseFailure();
        producer.send(new ProducerRecord<>(topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8),
                codec.encode(event, WireFormat.AVRO)), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
    }

    /** Waits until everything sent is acknowledged. */
    void flush() {
        producer.flush();
        raiseFailure();
    }

    private void raiseFailure() {
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("Kafka refused a simulated event: " + error.getMessage(), error);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
