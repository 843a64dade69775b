package io.driftwatch.core.profile;

import io.driftwatch.core.metric.Binning;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Mergeable summary of one numeric feature over one window: what the drift metrics need, in bounded
 * memory whatever the number of events.
 *
 * <ul>
 *   <li>Exact counts in the baseline's bins, so PSI carries no sketch error.</li>
 *   <li>A KLL quantile sketch (DataSketches) for KS, Wasserstein and quantiles. Its normalised rank
 *       error at k = 200 is about 1.3% (99% confidence, single-sided): ranks read from it are within
 *       that fraction of n of the exact rank. Size grows as O(k log(n/k)): a few KiB at 10⁷ values.</li>
 *   <li>Count, missing, non-finite and out-of-baseline-range counts, min, max, and mean/variance with
 *       Chan et al.'s pairwise update (numerically stable under merge).</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance belongs to one accumulator. {@link #merge} of profiles built on
 * the same bin edges gives exactly the counts and (up to floating point) the moments of the
 * profile of the concatenated data; the sketch merge keeps KLL's error guarantee.
 */
public final class NumericProfile {
    /** Sketch size for window profiles: ≈1.3% rank error, a few KiB per feature. */
    public static final int DEFAULT_WINDOW_K = 200;
    private static final byte FORMAT_VERSION = 1;

    private final double[] binEdges;
    private final double rangeMin;
    private final double rangeMax;
    private final long[] binCounts;
    private final KllDoublesSketch sketch;
    private long count;
    private long missing;
    private long nonFinite;
    private long belowRange;
    private long aboveRange;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;

    private NumericProfile(double[] binEdges, double rangeMin, double rangeMax, KllDoublesSketch sketch) {
        this.binEdges = binEdges;
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
        this.binCounts = new long[binEdges.length + 1];
        this.sketch = sketch;
    }

    /**
     * An empty profile binned like a baseline feature.
     *
     * @param binEdges the baseline's inner bin edges (ascending; copied)
     * @param rangeMin smallest training value: smaller values count as out of range
     * @param rangeMax largest training value: larger values count as out of range
     * @param sketchK KLL parameter k (8 to 65535); see {@link #DEFAULT_WINDOW_K}
     */
    public static NumericProfile create(double[] binEdges, double rangeMin, double rangeMax, int sketchK) {
        Objects.requireNonNull(binEdges, "binEdges");
        for (int i = 1; i < binEdges.length; i++) {
            if (!(binEdges[i - 1] <= binEdges[i])) {
                throw new IllegalArgumentException("bin edges must be ascending: " + Arrays.toString(binEdges));
            }
        }
        return new NumericProfile(binEdges.clone(), rangeMin, rangeMax, KllDoublesSketch.newHeapInstance(sketchK));
    }

    /** Adds one observation; {@code null} is missing, NaN and ±Inf are counted apart and not binned. */
    public void add(Double value) {
        if (value == null) {
            missing++;
        } else {
            add(value.doubleValue());
        }
    }

    /** Adds one present observation (see {@link #add(Double)}). */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            nonFinite++;
            return;
        }
        binCounts[Binning.binIndex(binEdges, value)]++;
        sketch.update(value);
        if (value < rangeMin) {
            belowRange++;
        } else if (value > rangeMax) {
            aboveRange++;
        }
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    /** Adds {@code other} into this profile; both must use the same bin edges. */
    public void merge(NumericProfile other) {
        if (!Arrays.equals(binEdges, other.binEdges)) {
            throw new IllegalArgumentException("cannot merge profiles with different bin edges "
                    + Arrays.toString(binEdges) + " and " + Arrays.toString(other.binEdges));
        }
        for (int i = 0; i < binCounts.length; i++) {
            binCounts[i] += other.binCounts[i];
        }
        sketch.merge(other.sketch);
        missing += other.missing;
        nonFinite += other.nonFinite;
        belowRange += other.belowRange;
        aboveRange += other.aboveRange;
        if (other.count > 0) {
            long total = count + other.count;
            double delta = other.mean - mean;
            // Chan, Golub & LeVeque (1979), pairwise combination of means and sums of squared deviations.
            m2 += other.m2 + delta * delta * ((double) count * other.count / total);
            mean += delta * other.count / total;
            count = total;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }
    }

    /** Number of finite observations (what the bins, sketch and moments describe). */
    public long count() {
        return count;
    }

    public long missing() {
        return missing;
    }

    /** NaN and infinite observations, which validation normally rejects earlier. */
    public long nonFinite() {
        return nonFinite;
    }

    /** Finite observations outside the baseline's [min, max]. */
    public long outOfRange() {
        return belowRange + aboveRange;
    }

    /** All observations seen: finite, missing and non-finite. */
    public long total() {
        return count + missing + nonFinite;
    }

    public long[] binCounts() {
        return binCounts.clone();
    }

    public double[] binEdges() {
        return binEdges.clone();
    }

    /** Smallest finite value, NaN when there is none. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Largest finite value, NaN when there is none. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** Mean of finite values, NaN when there is none. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Sample variance (n − 1 denominator), 0 for fewer than two values. */
    public double variance() {
        return count < 2 ? 0.0 : m2 / (count - 1);
    }

    /** The quantile sketch; read-only use (do not update it directly). */
    public KllDoublesSketch sketch() {
        return sketch;
    }

    /** Compact bytes for checkpointed state: header, edges, counters, moments, the KLL sketch. */
    public byte[] toBytes() {
        byte[] sketchBytes = sketch.toByteArray();
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + 8 * binEdges.length + 8 * 2 + 8 * binCounts.length
                + 8 * 5 + 8 * 4 + 4 + sketchBytes.length);
        buffer.put(FORMAT_VERSION).putInt(binEdges.length);
        for (double edge : binEdges) {
            buffer.putDouble(edge);
        }
        buffer.putDouble(rangeMin).putDouble(rangeMax);
        for (long c : binCounts) {
            buffer.putLong(c);
        }
        buffer.putLong(count).putLong(missing).putLong(nonFinite).putLong(belowRange).putLong(aboveRange);
        buffer.putDouble(min).putDouble(max).putDouble(mean).putDouble(m2);
        buffer.putInt(sketchBytes.length).put(sketchBytes);
        return buffer.array();
    }

    /** Reads bytes written by {@link #toBytes()}. */
    public static NumericProfile fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte version = buffer.get();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown NumericProfile format version " + version);
        }
        double[] edges = new double[buffer.getInt()];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = buffer.getDouble();
        }
        double rangeMin = buffer.getDouble();
        double rangeMax = buffer.getDouble();
        long[] counts = new long[edges.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buffer.getLong();
        }
        long count = buffer.getLong();
        long missing = buffer.getLong();
        long nonFinite = buffer.getLong();
        long belowRange = buffer.getLong();
        long aboveRange = buffer.getLong();
        double min = buffer.getDouble();
        double max = buffer.getDouble();
        double mean = buffer.getDouble();
        double m2 = buffer.getDouble();
        byte[] sketchBytes = new byte[buffer.getInt()];
        buffer.get(sketchBytes);
        NumericProfile profile = new NumericProfile(edges, rangeMin, rangeMax,
                KllDoublesSketch.heapify(Memory.wrap(sketchBytes)));
        System.arraycopy(counts, 0, profile.binCounts, 0, counts.length);
        profile.count = count;
        profile.missing = missing;
        profile.nonFinite = nonFinite;
        profile.belowRange = belowRange;
        profile.aboveRange = aboveRange;
        profile.min = min;
        profile.max = max;
        profile.mean = mean;
        profile.m2 = m2;
        return profile;
    }
}
