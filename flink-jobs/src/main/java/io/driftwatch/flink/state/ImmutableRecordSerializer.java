package io.driftwatch.flink.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the hand-written serializers of the job's immutable records that cross a shuffle for every
 * event: fields in a fixed order, strings as length-prefixed UTF-8 that the JDK encodes and decodes in
 * bulk, no reflection and no per-field null flags (Flink's record serializer spent more time on the
 * event shuffle than the profile update did, BENCHMARKS.md). A copy is the instance itself.
 *
 * <p>Repeating short strings (names, ids, categories) are read through {@link RecentStrings}, so an
 * instance has state: {@link #duplicate} gives each user its own, and so does Java deserialization,
 * which is how Flink ships serializers to its tasks.
 *
 * @param <T> the record type
 */
public abstract class ImmutableRecordSerializer<T> extends WrittenFormatSerializer<T> {
    private static final int NULL = -1;

    private final transient RecentStrings names = new RecentStrings();

    /** A new instance with its own string table. */
    protected abstract ImmutableRecordSerializer<T> create();

    @Override
    public final TypeSerializer<T> duplicate() {
        return create();
    }

    /** Java deserialization skips the constructor, which makes the string table: start afresh. */
    protected final Object readResolve() {
        return create();
    }

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    /** Reads a format version byte, refusing any other than {@code expected}. */
    protected static void checkVersion(DataInputView in, byte expected, String type) throws IOException {
        byte version = in.readByte();
        if (version != expected) {
            throw new IOException("unknown " + type + " format version " + version);
        }
    }

    protected static void writeString(DataOutputView out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string unlikely to repeat (an event id): not worth a slot of the table. */
    protected static String readString(DataInputView in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A string written by {@link #writeString} that repeats between records: names, ids, categories. */
    protected final String readName(DataInputView in) throws IOException {
        int length = in.readInt();
        return length == NULL ? null : names.read(in, length);
    }

    protected static void writeBytes(DataOutputView out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(NULL);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    protected static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    protected static void writeNumber(DataOutputView out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    protected static Double readNumber(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    /** A map of names to numbers, where a {@code null} number is a missing value. */
    protected static void writeNumbers(DataOutputView out, Map<String, Double> numbers) throws IOException {
        out.writeInt(numbers.size());
        for (Map.Entry<String, Double> entry : numbers.entrySet()) {
            writeString(out, entry.getKey());
            writeNumber(out, entry.getValue());
        }
    }

    protected final Map<String, Double> readNumbers(DataInputView in) throws IOException {
        int size = in.readInt();
        Map<String, Double> numbers = new HashMap<>(capacityFor(size));
        for (int i = 0; i < size; i++) {
            numbers.put(readName(in), readNumber(in));
        }
        return numbers;
    }

    /** A map of names to texts, where a {@code null} text is a missing value. */
    protected static void writeTexts(DataOutputView out, Map<String, String> texts) throws IOException {
        out.writeInt(texts.size());
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    protected final Map<String, String> readTexts(DataInputView in) throws IOException {
        int size = in.readInt();
        Map<String, String> texts = new HashMap<>(capacityFor(size));
        for (int i = 0; i < size; i++) {
            texts.put(readName(in), readName(in));
        }
        return texts;
    }

    /** A HashMap capacity that holds {@code size} entries without rehashing (Java 17 has no newHashMap). */
    private static int capacityFor(int size) {
        return (int) (size / 0.75f) + 1;
    }
}
