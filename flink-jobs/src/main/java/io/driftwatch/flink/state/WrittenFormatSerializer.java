package io.driftwatch.flink.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What every hand-written serializer of the job answers the same way: variable length, no instance to
 * reuse (records are read into new objects), a stream copy is a read and a write, and two serializers
 * are equal when they are of the same class (the format is the class's). Subclasses say how to write,
 * read, copy and duplicate.
 *
 * @param <T> the serialized type
 */
abstract class WrittenFormatSerializer<T> extends TypeSerializer<T> {

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }
}
