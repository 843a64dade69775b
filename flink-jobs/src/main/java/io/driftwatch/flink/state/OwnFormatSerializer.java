package io.driftwatch.flink.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Base of the serializers of mutable accumulators that write their own versioned binary form (sketch
 * bytes and counts): state keeps the live objects, so an event updates them in place and only a
 * checkpoint or a shuffle pays for the bytes, and nothing falls back to Kryo. Subclasses are stateless
 * singletons that only say how to write and read; a copy is a round trip through that form.
 *
 * @param <T> the accumulator type
 */
public abstract class OwnFormatSerializer<T> extends WrittenFormatSerializer<T> {

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public final T copy(T from) {
        try {
            DataOutputSerializer bytes = new DataOutputSerializer(256);
            serialize(from, bytes);
            return deserialize(new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }
}
