package io.driftwatch.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Expected calibration error (ECE) accumulator: {@link #BINS} equal-width bins of predicted
 * probability, each with its count, the sum of the probabilities and the number of hits.
 *
 * <p>{@code ECE = Σ_b (n_b / n) · |hits_b / n_b − mean probability_b|} (Naeini, Cooper and
 * Hauskrecht, AAAI 2015; Guo et al., "On Calibration of Modern Neural Networks", ICML 2017, eq. 3,
 * with 10 bins as there). What "probability" and "hit" mean is the caller's choice: for a binary
 * classifier the positive-class probability and "the label is positive" (the reliability diagram of
 * scikit-learn's {@code calibration_curve}); for a multi-class one the top-label confidence and "the
 * predicted class is right" (Guo et al.).
 */
public final class ReliabilityBins {
    public static final int BINS = 10;

    private final long[] counts;
    private final double[] probabilitySums;
    private final long[] hits;

    public ReliabilityBins() {
        this(new long[BINS], new double[BINS], new long[BINS]);
    }

    private ReliabilityBins(long[] counts, double[] probabilitySums, long[] hits) {
        this.counts = counts;
        this.probabilitySums = probabilitySums;
        this.hits = hits;
    }

    /** Adds one prediction of probability {@code p} in [0, 1]; bins are [0, 0.1), ..., [0.9, 1]. */
    public void add(double p, boolean hit) {
        if (!ScoreHistogram.isProbability(p)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
        int bin = Math.min(BINS - 1, (int) (p * BINS));
        counts[bin]++;
        probabilitySums[bin] += p;
        if (hit) {
            hits[bin]++;
        }
    }

    public void merge(ReliabilityBins other) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += other.counts[i];
            probabilitySums[i] += other.probabilitySums[i];
            hits[i] += other.hits[i];
        }
    }

    /** The expected calibration error, or NaN without predictions. */
    public double ece() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int i = 0; i < BINS; i++) {
            if (counts[i] > 0) {
                ece += Math.abs(hits[i] - probabilitySums[i]) / n;
            }
        }
        return ece;
    }

    void writeTo(DataOutput out) throws IOException {
        for (int i = 0; i < BINS; i++) {
            out.writeLong(counts[i]);
            out.writeDouble(probabilitySums[i]);
            out.writeLong(hits[i]);
        }
    }

    static ReliabilityBins readFrom(DataInput in) throws IOException {
        ReliabilityBins bins = new ReliabilityBins();
        for (int i = 0; i < BINS; i++) {
            bins.counts[i] = in.readLong();
            bins.probabilitySums[i] = in.readDouble();
            bins.hits[i] = in.readLong();
        }
        return bins;
    }
}
