package io.driftwatch.flink.decode;

import io.driftwatch.flink.source.RawRecord;
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
 * Flink serializer of {@link Observation}, on the shuffle to the pre-aggregation and in its state of
 * held events: every event crosses that shuffle (see {@link ImmutableRecordSerializer} for the format
 * and why).
 *
 * <p>Format version 1 (the first byte of every record). Savepoints of earlier builds, which used
 * Flink's record serializer here, do not restore into it; none need to before 1.0.
 */
public final class ObservationSerializer extends ImmutableRecordSerializer<Observation> {
    private static final byte FORMAT_VERSION = 1;

    @Override
    protected ObservationSerializer create() {
        return new ObservationSerializer();
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
        writeTexts(out, event.categorical());
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
        checkVersion(in, FORMAT_VERSION, "Observation");
        String eventId = readString(in);
        String modelId = readName(in);
        String modelVersion = readName(in);
        String segment = readName(in);
        long timestamp = in.readLong();
        boolean hasPrediction = in.readBoolean();
        Map<String, Double> numeric = readNumbers(in);
        Map<String, String> categorical = readTexts(in);
        Double score = readNumber(in);
        String predictedClass = readName(in);
        RawRecord origin = new RawRecord(readName(in), in.readInt(), in.readLong(), in.readLong(), readBytes(in),
                readBytes(in));
        return new Observation(eventId, modelId, modelVersion, segment, timestamp, hasPrediction, numeric,
                categorical, score, predictedClass, origin, readNumbers(in), readNumber(in));
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
