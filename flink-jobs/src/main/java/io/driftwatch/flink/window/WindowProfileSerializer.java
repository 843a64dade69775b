package io.driftwatch.flink.window;

import io.driftwatch.flink.state.OwnFormatSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link WindowProfile}: its own versioned binary form (profiles' {@code toBytes},
 * KLL's compact sketch bytes), so window state never falls back to Kryo and survives a savepoint
 * restore in a newer job as long as the format version is understood.
 */
public final class WindowProfileSerializer extends OwnFormatSerializer<WindowProfile> {
    public static final WindowProfileSerializer INSTANCE = new WindowProfileSerializer();

    @Override
    public void serialize(WindowProfile record, DataOutputView target) throws IOException {
        record.writeTo(target);
    }

    @Override
    public WindowProfile deserialize(DataInputView source) throws IOException {
        return WindowProfile.readFrom(source);
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
