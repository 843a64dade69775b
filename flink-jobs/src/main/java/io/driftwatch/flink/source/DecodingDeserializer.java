package io.driftwatch.flink.source;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.decode.DeadLetters;
import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka deserializer that decodes and validates in the source, so the source can assign event-time
 * timestamps and per-partition watermarks from <em>validated</em> event times only: a record with a
 * timestamp far in the future must become a dead letter, not advance the watermark and make every
 * later event "too late". Emits {@code Left(value)} or {@code Right(deadLetter)}; never throws on
 * input, whatever the bytes.
 *
 * <p>On a compacted topic (baselines) a record without a value is a tombstone, Kafka's way to delete
 * a key, not bad input: it is skipped and counted ({@code tombstonesSkipped}); the job keeps the
 * last baseline it saw for that key. Elsewhere a missing value is dead-lettered.
 *
 * @param <T> the decoded type
 */
public final class DecodingDeserializer<T> implements KafkaRecordDeserializationSchema<Either<T, DeadLetter>> {
    private final RecordDecoder<T> decoder;
    private final int maxPayloadBytes;
    private final boolean compacted;
    private transient Counter tombstonesSkipped;

    /** @param compacted whether the topic is compacted, so that tombstones are expected */
    public DecodingDeserializer(RecordDecoder<T> decoder, int maxPayloadBytes, boolean compacted) {
        this.decoder = decoder;
        this.maxPayloadBytes = maxPayloadBytes;
        this.compacted = compacted;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder.open();
        tombstonesSkipped = context.getMetricGroup().counter("tombstonesSkipped");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<T, DeadLetter>> out) {
        if (compacted && record.value() == null) {
            tombstonesSkipped.inc();
            return;
        }
        RawRecord raw = RawRecord.of(record);
        Either<T, DeadLetter> decoded;
        try {
            decoded = decoder.decode(raw);
        } catch (RuntimeException | StackOverflowError e) {
            // A decoder bug or a pathological record: still the record's fault as far as the job is
            // concerned, and it must not fail the job.
            decoded = Either.Right(DeadLetters.of(raw, DeadLetters.STAGE_DECODE,
                    new Rejection(RejectReason.MALFORMED_BYTES, "decoder failed: " + e), null, maxPayloadBytes));
        }
        out.collect(decoded);
    }

    @Override
    public TypeInformation<Either<T, DeadLetter>> getProducedType() {
        return new EitherTypeInfo<>(decoder.producedType(), new AvroTypeInfo<>(DeadLetter.class));
    }
}
