package io.driftwatch.flink.performance;

import io.driftwatch.flink.state.OwnFormatSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * State serializer of {@link PredictionWindow}: its own versioned binary form, so {@link PerformanceAggregator}
 * keeps live windows in state and updates them in place per event.
 */
public final class PredictionWindowSerializer extends OwnFormatSerializer<PredictionWindow> {
    public static final PredictionWindowSerializer INSTANCE = new PredictionWindowSerializer();

    @Override
    public void serialize(PredictionWindow window, DataOutputView target) throws IOException {
        window.writeTo(target);
    }

    @Override
    public PredictionWindow deserialize(DataInputView source) throws IOException {
        return PredictionWindow.readFrom(source);
    }

    @Override
    public TypeSerializerSnapshot<PredictionWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Stateless serializer: the snapshot only records the class (the format carries its own version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PredictionWindow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
