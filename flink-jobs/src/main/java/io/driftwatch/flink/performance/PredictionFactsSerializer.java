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
 * Flink serializer of {@link PredictionFacts}: every prediction crosses a shuffle to the label join
 * and (inside a {@link PerformanceEvent}) to the performance windows, and waits in the label join's
 * state (see {@link ImmutableRecordSerializer} for the format and why). Format version 1.
 */
public final class PredictionFactsSerializer extends ImmutableRecordSerializer<PredictionFacts> {
    private static final byte FORMAT_VERSION = 1;

    @Override
    protected PredictionFactsSerializer create() {
        return new PredictionFactsSerializer();
    }

    @Override
    public void serialize(PredictionFacts facts, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        writeFields(facts, out);
    }

    @Override
    public PredictionFacts deserialize(DataInputView in) throws IOException {
        checkVersion(in, FORMAT_VERSION, "PredictionFacts");
        return readFields(in);
    }

    /** Writes the fields of {@code facts} without a version byte (also inside a {@link PerformanceEvent}). */
    void writeFields(PredictionFacts facts, DataOutputView out) throws IOException {
        writeString(out, facts.eventId());
        writeString(out, facts.modelId());
        writeString(out, facts.modelVersion());
        out.writeLong(facts.timestamp());
        writeNumber(out, facts.score());
        writeString(out, facts.predictedClass());
        writeNumbers(out, facts.classProbabilities());
        writeNumber(out, facts.latencyMs());
        writeNumbers(out, facts.numeric());
        writeTexts(out, facts.categorical());
    }

    /** Reads what {@link #writeFields} wrote. */
    PredictionFacts readFields(DataInputView in) throws IOException {
        String eventId = readString(in);
        String modelId = readName(in);
        String modelVersion = readName(in);
        long timestamp = in.readLong();
        Double score = readNumber(in);
        String predictedClass = readName(in);
        Map<String, Double> classProbabilities = readNumbers(in);
        Double latencyMs = readNumber(in);
        return new PredictionFacts(eventId, modelId, modelVersion, timestamp, score, predictedClass,
                classProbabilities, latencyMs, readNumbers(in), readTexts(in));
    }

    @Override
    public TypeSerializerSnapshot<PredictionFacts> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot only records the class (the format carries its own version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PredictionFacts> {
        public Snapshot() {
            super(PredictionFactsSerializer::new);
        }
    }

    /** Tells Flink's type extraction to use this serializer wherever PredictionFacts appear. */
    public static final class Factory extends TypeInfoFactory<PredictionFacts> {
        @Override
        public TypeInformation<PredictionFacts> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new OwnFormatTypeInfo<>(PredictionFacts.class, new PredictionFactsSerializer());
        }
    }
}
