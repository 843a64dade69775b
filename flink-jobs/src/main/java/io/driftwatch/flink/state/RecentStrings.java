package io.driftwatch.flink.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;

/**
 * Reads short UTF-8 strings that repeat from record to record (model ids, feature names, categories)
 * as the same {@code String} instance each time, from a fixed-size table of the strings read last.
 * Deserialising an event's feature names was a third of the pre-aggregation thread: a new
 * {@code String} per name, its UTF-8 decoding, and its hash computed again by every map it entered
 * (BENCHMARKS.md, job throughput). A hit costs a hash and a compare over the bytes; the instance it
 * returns has its hash cached.
 *
 * <p>Bounded: {@value #SLOTS} slots, strings of at most {@value #MAX_CACHED_BYTES} bytes (so at most
 * 512 KiB of bytes and as many in strings, about 1.3 MB with object headers, per instance; a few KB
 * for a model's names); a slot holds the last string that hashed to it, so unbounded distinct names
 * (hostile input) only make it miss.
 * Not for unique values (event ids), which would only evict the names. Each slot is one immutable
 * entry read and written by reference, so a lookup never sees a torn pair even if an instance were
 * shared between threads; serializers still give each user their own ({@link ImmutableRecordSerializer}).
 */
public final class RecentStrings {
    public static final int SLOTS = 4096;
    public static final int MAX_CACHED_BYTES = 128;

    private final Entry[] slots = new Entry[SLOTS];
    private final byte[] buffer = new byte[MAX_CACHED_BYTES];

    private record Entry(byte[] bytes, String value) {}

    /** Reads {@code length} bytes of UTF-8 from {@code in} as a string. */
    public String read(DataInputView in, int length) throws IOException {
        if (length > MAX_CACHED_BYTES) {
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        in.readFully(buffer, 0, length);
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        Entry entry = slots[slot];
        if (entry != null && Arrays.equals(entry.bytes, 0, entry.bytes.length, buffer, 0, length)) {
            return entry.value;
        }
        byte[] bytes = Arrays.copyOf(buffer, length);
        String value = new String(bytes, StandardCharsets.UTF_8);
        slots[slot] = new Entry(bytes, value);
        return value;
    }
}
