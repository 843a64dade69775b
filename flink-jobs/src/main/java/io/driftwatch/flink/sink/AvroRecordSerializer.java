package io.driftwatch.flink.sink;

import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an Avro event to a topic in single-object encoding (the project's wire format), keyed by a
 * string taken from the event (fingerprint, model id, ...).
 *
 * @param <T> the generated Avro class
 */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, Long> recordTime;
    private transient EventCodec<T> codec;

    public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
        this(topic, type, key, null);
    }

    /**
     * @param recordTime the Kafka record timestamp taken from the event, for topics whose readers seek
     *     by timestamp; {@code null} keeps the stream element's timestamp
     */
    public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key,
                                SerializableFunction<T, Long> recordTime) {
        this.topic = topic;
        this.type = type;
        this.key = key;
        this.recordTime = recordTime;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = EventCodec.of(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String recordKey = key.apply(element);
        return new ProducerRecord<>(topic, null, recordTime == null ? timestamp : recordTime.apply(element),
                recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8),
                codec.encode(element, WireFormat.AVRO));
    }
}
