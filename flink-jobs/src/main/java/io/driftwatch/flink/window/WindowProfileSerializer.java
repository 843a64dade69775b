package io.driftwatch.flink.window;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link WindowProfile}: its own versioned binary form (profiles' {@code toBytes},
 * KLL's compact sketch bytes), so window state never falls back to Kryo and survives a savepoint
 * restore in a newer job as long as the format version is understood.
 */
public final class WindowProfileSerializer extends TypeSerializer<WindowProfile> {
    public static final WindowProfileSerializer INSTANCE = new WindowProfileSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<WindowProfile> duplicate() {
        return this;
    }

    @Override
    public WindowProfile createInstance() {
        return null;
    }

    @Override
    public WindowProfile copy(WindowProfile from) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            from.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return WindowProfile.readFrom(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public WindowProfile copy(WindowProfile from, WindowProfile reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowProfile record, DataOutputView target) throws IOException {
        record.writeTo(target);
    }

    @Override
    public WindowProfile deserialize(DataInputView source) throws IOException {
        return WindowProfile.readFrom(source);
    }

    @Override
    public WindowProfile deserialize(WindowProfile reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WindowProfileSerializer;
    }

    @Override
    public int hashCode() {
        return WindowProfileSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<WindowProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Stateless serializer: the snapshot only records the class (the format carries its own version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
