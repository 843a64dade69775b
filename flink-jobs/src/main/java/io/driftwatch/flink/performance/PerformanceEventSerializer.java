package io.driftwatch.flink.performance;

import io.driftwatch.flink.state.ImmutableRecordSerializer;
import io.driftwatch.flink.state.OwnFormatTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link PerformanceEvent}: one per prediction (and per label) crosses the
 * shuffle to the performance windows (see {@link ImmutableRecordSerializer} for the format and why).
 * Format version 1.
 */
public final class PerformanceEventSerializer extends ImmutableRecordSerializer<PerformanceEvent> {
    private static final byte FORMAT_VERSION = 1;
    private static final PerformanceEvent.Kind[] KINDS = PerformanceEvent.Kind.values();

    private final transient PredictionFactsSerializer predictions = new PredictionFactsSerializer();

    @Override
    protected PerformanceEventSerializer create() {
        return new PerformanceEventSerializer();
    }

    @Override
    public void serialize(PerformanceEvent event, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeByte(event.kind().ordinal());
        predictions.writeFields(event.prediction(), out);
        writeString(out, event.labelClass());
        writeNumber(out, event.labelValue());
    }

    @Override
    public PerformanceEvent deserialize(DataInputView in) throws IOException {
        checkVersion(in, FORMAT_VERSION, "PerformanceEvent");
        int kind = in.readByte();
        if (kind < 0 || kind >= KINDS.length) {
            throw new IOException("unknown PerformanceEvent kind " + kind);
        }
        return new PerformanceEvent(KINDS[kind], predictions.readFields(in), readName(in), readNumber(in));
    }

    @Override
    public TypeSerializerSnapshot<PerformanceEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot only records the class (the format carries its own version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PerformanceEvent> {
        public Snapshot() {
            super(PerformanceEventSerializer::new);
        }
    }

    /** Tells Flink's type extraction to use this serializer wherever a PerformanceEvent appears. */
    public static final class Factory extends TypeInfoFactory<PerformanceEvent> {
        @Override
        public TypeInformation<PerformanceEvent> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new OwnFormatTypeInfo<>(PerformanceEvent.class, new PerformanceEventSerializer());
        }
    }
}
