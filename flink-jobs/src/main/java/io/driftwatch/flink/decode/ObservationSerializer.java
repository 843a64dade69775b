package io.driftwatch.flink.decode;

import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.flink.state.OwnFormatTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link Observation}, on the shuffle to the pre-aggregation and in its state of
 * held events. Every event crosses that shuffle, and Flink's record serializer spent more time on it
 * than the profile update did (reflective field access, a null flag and a char-by-char string codec
 * for every entry of the feature maps, BENCHMARKS.md). This one writes the fields in a fixed order and
 * strings as length-prefixed UTF-8, which the JDK encodes and decodes in bulk. Observations are
 * immutable, so a copy is the instance itself. Names and other repeating short strings are read through
 * {@link RecentStrings}, which makes the serializer stateful: {@link #duplicate} gives each user its own.
 *
 * <p>Format version 1 (the first byte of every record). Savepoints of earlier builds, which used
 * Flink's record serializer here, do not restore into it; none need to before 1.0.
 */
public final class ObservationSerializer extends TypeSerializer<Observation> {
    private static final byte FORMAT_VERSION = 1;
    private static final int NULL = -1;

    private final transient RecentStrings names = new RecentStrings();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Observation> duplicate() {
        return new ObservationSerializer();
    }

    /** Java deserialization (how Flink ships serializers to tasks) skips the constructor: start afresh. */
    private Object readResolve() {
        return new ObservationSerializer();
    }

    @Override
    public Observation createInstance() {
        return null;
    }

    @Override
    public Observation copy(Observation from) {
        return from;
    }

    @Override
    public Observation copy(Observation from, Observation reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Observation event, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        writeString(out, event.eventId());
        writeString(out, event.modelId());
        writeString(out, event.modelVersion());
        writeString(out, event.segment());
        out.writeLong(event.timestamp());
        out.writeBoolean(event.hasPrediction());
        writeNumbers(out, event.numeric());
        out.writeInt(event.categorical().size());
        for (Map.Entry<String, String> feature : event.categorical().entrySet()) {
            writeString(out, feature.getKey());
            writeString(out, feature.getValue());
        }
        writeNumber(out, event.score());
        writeString(out, event.predictedClass());
        RawRecord origin = event.origin();
        writeString(out, origin.topic());
        out.writeInt(origin.partition());
        out.writeLong(origin.offset());
        out.writeLong(origin.timestamp());
        writeBytes(out, origin.key());
        writeBytes(out, origin.value());
        writeNumbers(out, event.classProbabilities());
        writeNumber(out, event.latencyMs());
    }

    @Override
    public Observation deserialize(DataInputView in) throws IOException {
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown Observation format version " + version);
        }
        String eventId = readString(in);
        String modelId = readName(in);
        String modelVersion = readName(in);
        String segment = readName(in);
        long timestamp = in.readLong();
        boolean hasPrediction = in.readBoolean();
        Map<String, Double> numeric = readNumbers(in);
        int categories = in.readInt();
        Map<String, String> categorical = new HashMap<>(capacityFor(categories));
        for (int i = 0; i < categories; i++) {
            categorical.put(readName(in), readName(in));
        }
        Double score = readNumber(in);
        String predictedClass = readName(in);
        RawRecord origin = new RawRecord(readName(in), in.readInt(), in.readLong(), in.readLong(), readBytes(in),
                readBytes(in));
        return new Observation(eventId, modelId, modelVersion, segment, timestamp, hasPrediction, numeric,
                categorical, score, predictedClass, origin, readNumbers(in), readNumber(in));
    }

    @Override
    public Observation deserialize(Observation reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeString(DataOutputView out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A string written by {@link #writeString} that repeats between records: names, ids, categories. */
    private String readName(DataInputView in) throws IOException {
        int length = in.readInt();
        return length == NULL ? null : names.read(in, length);
    }

    private static void writeBytes(DataOutputView out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(NULL);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** A map of names to numbers, where a {@code null} number is a missing value. */
    private static void writeNumbers(DataOutputView out, Map<String, Double> numbers) throws IOException {
        out.writeInt(numbers.size());
        for (Map.Entry<String, Double> entry : numbers.entrySet()) {
            writeString(out, entry.getKey());
            writeNumber(out, entry.getValue());
        }
    }

    private Map<String, Double> readNumbers(DataInputView in) throws IOException {
        int size = in.readInt();
        Map<String, Double> numbers = new HashMap<>(capacityFor(size));
        for (int i = 0; i < size; i++) {
            numbers.put(readName(in), readNumber(in));
        }
        return numbers;
    }

    /** A HashMap capacity that holds {@code size} entries without rehashing (Java 17 has no newHashMap). */
    private static int capacityFor(int size) {
        return (int) (size / 0.75f) + 1;
    }

    private static void writeNumber(DataOutputView out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readNumber(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ObservationSerializer;
    }

    @Override
    public int hashCode() {
        return ObservationSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Observation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot only records the class (the format carries its own version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Observation> {
        public Snapshot() {
            super(ObservationSerializer::new);
        }
    }

    /** Tells Flink's type extraction to use this serializer wherever an Observation appears. */
    public static final class Factory extends TypeInfoFactory<Observation> {
        @Override
        public TypeInformation<Observation> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new OwnFormatTypeInfo<>(Observation.class, new ObservationSerializer());
        }
    }
}
