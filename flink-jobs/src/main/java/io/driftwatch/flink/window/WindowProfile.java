package io.driftwatch.flink.window;

import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import io.driftwatch.flink.decode.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The window accumulator: one mergeable profile per baseline feature (exact bin counts plus a KLL
 * sketch for numeric features, capped category counts for categorical ones) and for the prediction's
 * score and class. Its size depends on the number of features and the sketch size, never on the
 * number of events, so window state stays bounded. Profiles are shaped by the baseline
 * (bin edges, known categories); {@link #baselineCreatedAt()} says which one.
 *
 * <p>Features an event has but the baseline does not are not profiled (there is nothing to compare
 * them with); baseline features an event lacks count as missing.
 */
@TypeInfo(WindowProfileTypeInfoFactory.class)
public final class WindowProfile {
    private static final byte FORMAT_VERSION = 1;

    private final long baselineCreatedAt;
    private final Map<String, NumericProfile> numeric;
    private final Map<String, CategoricalProfile> categorical;
    private final NumericProfile score;
    private final CategoricalProfile predictedClass;
    private long events;
    private long lateEvents;

    private WindowProfile(long baselineCreatedAt, Map<String, NumericProfile> numeric,
                          Map<String, CategoricalProfile> categorical, NumericProfile score,
                          CategoricalProfile predictedClass) {
        this.baselineCreatedAt = baselineCreatedAt;
        this.numeric = numeric;
        this.categorical = categorical;
        this.score = score;
        this.predictedClass = predictedClass;
    }

    /** An empty profile shaped by {@code baseline}. */
    public static WindowProfile forBaseline(Baseline baseline) {
        Map<String, NumericProfile> numeric = new LinkedHashMap<>();
        for (NumericFeatureBaseline feature : baseline.getNumericFeatures()) {
            numeric.put(feature.getName(), emptyNumeric(feature));
        }
        Map<String, CategoricalProfile> categorical = new LinkedHashMap<>();
        for (CategoricalFeatureBaseline feature : baseline.getCategoricalFeatures()) {
            categorical.put(feature.getName(), emptyCategorical(feature));
        }
        return new WindowProfile(baseline.getCreatedAt().toEpochMilli(), numeric, categorical,
                baseline.getPredictionScore() == null ? null : emptyNumeric(baseline.getPredictionScore()),
                baseline.getPredictedClass() == null ? null : emptyCategorical(baseline.getPredictedClass()));
    }

    private static NumericProfile emptyNumeric(NumericFeatureBaseline feature) {
        double[] edges = feature.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray();
        return NumericProfile.create(edges, feature.getMin(), feature.getMax(), NumericProfile.DEFAULT_WINDOW_K);
    }

    private static CategoricalProfile emptyCategorical(CategoricalFeatureBaseline feature) {
        return CategoricalProfile.create(feature.getFrequencies().keySet(),
                CategoricalProfile.DEFAULT_MAX_UNSEEN_DISTINCT);
    }

    /** Adds one event; {@code late} marks an event that arrived after its window's end. */
    public void add(Observation event, boolean late) {
        numeric.forEach((name, profile) -> profile.add(event.numeric().get(name)));
        categorical.forEach((name, profile) -> profile.add(event.categorical().get(name)));
        if (event.hasPrediction()) {
            if (score != null) {
                score.add(event.score());
            }
            if (predictedClass != null) {
                predictedClass.add(event.predictedClass());
            }
        }
        events++;
        if (late) {
            lateEvents++;
        }
    }

    /** Adds {@code other}, built on the same baseline, into this profile. */
    public void merge(WindowProfile other) {
        if (other.baselineCreatedAt != baselineCreatedAt) {
            throw new IllegalArgumentException("cannot merge window profiles of different baselines ("
                    + baselineCreatedAt + " and " + other.baselineCreatedAt + ")");
        }
        numeric.forEach((name, profile) -> profile.merge(other.numeric.get(name)));
        categorical.forEach((name, profile) -> profile.merge(other.categorical.get(name)));
        if (score != null) {
            score.merge(other.score);
        }
        if (predictedClass != null) {
            predictedClass.merge(other.predictedClass);
        }
        events += other.events;
        lateEvents += other.lateEvents;
    }

    /** Creation time (epoch ms) of the baseline this profile is shaped by. */
    public long baselineCreatedAt() {
        return baselineCreatedAt;
    }

    public long events() {
        return events;
    }

    public long lateEvents() {
        return lateEvents;
    }

    public Map<String, NumericProfile> numeric() {
        return Collections.unmodifiableMap(numeric);
    }

    public Map<String, CategoricalProfile> categorical() {
        return Collections.unmodifiableMap(categorical);
    }

    public Optional<NumericProfile> score() {
        return Optional.ofNullable(score);
    }

    public Optional<CategoricalProfile> predictedClass() {
        return Optional.ofNullable(predictedClass);
    }

    /** Writes the profile in a versioned binary form (the state and network format). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(baselineCreatedAt);
        out.writeLong(events);
        out.writeLong(lateEvents);
        out.writeInt(numeric.size());
        for (Map.Entry<String, NumericProfile> entry : numeric.entrySet()) {
            out.writeUTF(entry.getKey());
            writeBytes(out, entry.getValue().toBytes());
        }
        out.writeInt(categorical.size());
        for (Map.Entry<String, CategoricalProfile> entry : categorical.entrySet()) {
            out.writeUTF(entry.getKey());
            writeBytes(out, entry.getValue().toBytes());
        }
        writeBytes(out, score == null ? null : score.toBytes());
        writeBytes(out, predictedClass == null ? null : predictedClass.toBytes());
    }

    /** Reads what {@link #writeTo} wrote. */
    public static WindowProfile readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown WindowProfile format version " + version);
        }
        long baselineCreatedAt = in.readLong();
        long events = in.readLong();
        long lateEvents = in.readLong();
        Map<String, NumericProfile> numeric = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            numeric.put(in.readUTF(), NumericProfile.fromBytes(readBytes(in)));
        }
        Map<String, CategoricalProfile> categorical = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            categorical.put(in.readUTF(), CategoricalProfile.fromBytes(readBytes(in)));
        }
        byte[] scoreBytes = readBytes(in);
        byte[] classBytes = readBytes(in);
        WindowProfile profile = new WindowProfile(baselineCreatedAt, numeric, categorical,
                scoreBytes == null ? null : NumericProfile.fromBytes(scoreBytes),
                classBytes == null ? null : CategoricalProfile.fromBytes(classBytes));
        profile.events = events;
        profile.lateEvents = lateEvents;
        return profile;
    }

    private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
