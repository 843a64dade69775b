package io.driftwatch.schema.codec;

import io.driftwatch.schema.codec.JsonRecordMapper.JsonMappingError;
import io.driftwatch.schema.validate.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one event type in either {@link WireFormat}.
 *
 * <p>Avro single-object decoding finds the writer schema by its fingerprint among the current
 * schema and every older writer schema registered with {@link #withWriterSchema(Schema)}; Avro
 * schema resolution then maps old fields onto the current class (new fields take their defaults).
 * An unknown fingerprint is a {@link RejectReason#UNKNOWN_SCHEMA} naming the fingerprint, so an
 * operator can tell "a producer runs a newer schema" from "garbage on the topic".
 *
 * <p>Instances are immutable after construction and safe to share between threads (Avro's message
 * decoder keeps its per-thread state itself). Not {@link java.io.Serializable}: create one per
 * operator instance, e.g. in a Flink {@code open()}.
 *
 * @param <T> the generated Avro class
 */
public final class EventCodec<T extends SpecificRecord> {
    private static final byte[] SINGLE_OBJECT_MAGIC = {(byte) 0xC3, (byte) 0x01};

    private final Class<T> type;
    private final Schema schema;
    private final List<Schema> olderWriterSchemas;
    private final BinaryMessageDecoder<T> decoder;
    private final BinaryMessageEncoder<T> encoder;

    private EventCodec(Class<T> type, List<Schema> olderWriterSchemas) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.olderWriterSchemas = List.copyOf(olderWriterSchemas);
        SpecificData model = SpecificData.getForClass(type);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        this.olderWriterSchemas.forEach(decoder::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
    }

    /** A codec for {@code type} that knows only its current schema. */
    public static <T extends SpecificRecord> EventCodec<T> of(Class<T> type) {
        return new EventCodec<>(Objects.requireNonNull(type, "type"), List.of());
    }

    /**
     * A codec that also accepts single-object bytes written with {@code olderWriterSchema}, an
     * earlier version of the same record (keep them when evolving a schema, see schemas/README.md).
     */
    public EventCodec<T> withWriterSchema(Schema olderWriterSchema) {
        List<Schema> known = new ArrayList<>(olderWriterSchemas);
        known.add(Objects.requireNonNull(olderWriterSchema, "olderWriterSchema"));
        return new EventCodec<>(type, known);
    }

    public Schema schema() {
        return schema;
    }

    /** Reads one record in the given format, or explains with a typed reason why it cannot. */
    public T decode(byte[] bytes, WireFormat format) throws EventDecodingException {
        if (bytes == null || bytes.length == 0) {
            throw new EventDecodingException(RejectReason.MALFORMED_BYTES, "empty record value", null);
        }
        return switch (format) {
            case AVRO -> decodeAvro(bytes);
            case JSON -> decodeJson(bytes);
        };
    }

    public byte[] encode(T event, WireFormat format) {
        return switch (format) {
            case AVRO -> encodeAvro(event);
            case JSON -> JsonRecordMapper.write(event);
        };
    }

    private T decodeAvro(byte[] bytes) throws EventDecodingException {
        if (bytes.length < 10 || bytes[0] != SINGLE_OBJECT_MAGIC[0] || bytes[1] != SINGLE_OBJECT_MAGIC[1]) {
            throw new EventDecodingException(RejectReason.MALFORMED_BYTES,
                    "not Avro single-object encoding (expected header C3 01 and an 8-byte fingerprint, got "
                            + hexPrefix(bytes) + ")", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new EventDecodingException(RejectReason.UNKNOWN_SCHEMA,
                    "unknown writer schema fingerprint " + fingerprintOf(bytes) + " for " + schema.getName()
                            + "; register the producer's schema as a known writer schema", e);
        } catch (BadHeaderException e) {
            throw new EventDecodingException(RejectReason.MALFORMED_BYTES, "bad single-object header: " + e.getMessage(), e);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Corrupt bytes surface as many exception types (Avro's own, size-limit, index, cast
            // and allocation errors); all of them mean the same thing for the record at hand.
            throw new EventDecodingException(RejectReason.MALFORMED_BYTES,
                    "corrupt or truncated " + schema.getName() + " body (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private T decodeJson(byte[] bytes) throws EventDecodingException {
        try {
            return type.cast(JsonRecordMapper.read(bytes, schema));
        } catch (JsonMappingError e) {
            throw new EventDecodingException(RejectReason.INVALID_JSON, e.getMessage(), null);
        }
    }

    private byte[] encodeAvro(T event) {
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
    }

    /** The writer fingerprint in the header, hex, the same form as {@link #fingerprint(Schema)}. */
    private static String fingerprintOf(byte[] bytes) {
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return String.format("%016x", fingerprint);
    }

    /** CRC-64-AVRO fingerprint of a schema, in the same hex form as {@link EventDecodingException} messages. */
    public static String fingerprint(Schema schema) {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
    }

    private static String hexPrefix(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 4));
    }
}
