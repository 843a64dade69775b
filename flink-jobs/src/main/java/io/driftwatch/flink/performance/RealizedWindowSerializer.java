package io.driftwatch.flink.performance;

import io.driftwatch.flink.state.OwnFormatSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * State serializer of {@link RealizedWindow}: its own versioned binary form, so {@link PerformanceAggregator}
 * keeps live windows in state and updates them in place per event.
 */
public final class RealizedWindowSerializer extends OwnFormatSerializer<RealizedWindow> {
    public static final RealizedWindowSerializer INSTANCE = new RealizedWindowSerializer();

    @Override
    public void serialize(RealizedWindow window, DataOutputView target) throws IOException {
        window.writeTo(target);
    }

    @Override
    public RealizedWindow deserialize(DataInputView source) throws IOException {
        return RealizedWindow.readFrom(source);
    }

    @Override
    public TypeSerializerSnapshot<RealizedWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Stateless serializer: the snapshot only records the class (the format carries its own version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RealizedWindow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
