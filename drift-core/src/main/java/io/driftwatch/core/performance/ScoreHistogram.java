package io.driftwatch.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Scores in [0, 1] of positive and negative examples, counted in {@link #BINS} equal-width bins: a
 * mergeable, fixed-size summary from which ROC AUC is computed with a stated error.
 *
 * <p>ROC AUC is the Mann–Whitney probability that a random positive scores above a random negative,
 * ties counted half (Hanley and McNeil, Radiology 143(1), 1982; scikit-learn's {@code roc_auc_score}
 * gives the same value). From the histogram, pairs in different bins are ordered exactly and pairs in
 * the same bin are counted as ties. A same-bin pair contributes 0, ½ or 1 to the exact statistic and ½
 * here, so the error is at most {@code ½ · Σ_b pos_b · neg_b / (P · N)}: {@link #aucErrorBound()}
 * computes it for the window at hand (typically a few thousandths with 100 bins).
 */
public final class ScoreHistogram {
    /** Bins over [0, 1]: 1.6 KB per histogram. */
    public static final int BINS = 100;

    private final long[] positives;
    private final long[] negatives;

    public ScoreHistogram() {
        this(new long[BINS], new long[BINS]);
    }

    private ScoreHistogram(long[] positives, long[] negatives) {
        this.positives = positives;
        this.negatives = negatives;
    }

    /** Whether {@code score} is a probability this histogram can hold. */
    public static boolean isProbability(double score) {
        return score >= 0 && score <= 1;
    }

    /** Adds one example; {@code score} must be in [0, 1] ({@link #isProbability}). */
    public void add(double score, boolean positive) {
        if (!isProbability(score)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
        int bin = Math.min(BINS - 1, (int) (score * BINS));
        (positive ? positives : negatives)[bin]++;
    }

    public void merge(ScoreHistogram other) {
        for (int i = 0; i < BINS; i++) {
            positives[i] += other.positives[i];
            negatives[i] += other.negatives[i];
        }
    }

    /** ROC AUC, or NaN unless there is at least one positive and one negative. */
    public double auc() {
        double p = total(positives);
        double n = total(negatives);
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double pairsOrdered = 0;
        long negativesBelow = 0;
        for (int i = 0; i < BINS; i++) {
            pairsOrdered += positives[i] * (negativesBelow + 0.5 * negatives[i]);
            negativesBelow += negatives[i];
        }
        return pairsOrdered / (p * n);
    }

    /** Largest possible difference between {@link #auc()} and the exact AUC of the same examples; NaN when AUC is. */
    public double aucErrorBound() {
        double p = total(positives);
        double n = total(negatives);
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double sameBinPairs = 0;
        for (int i = 0; i < BINS; i++) {
            sameBinPairs += (double) positives[i] * negatives[i];
        }
        return 0.5 * sameBinPairs / (p * n);
    }

    private static long total(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    void writeTo(DataOutput out) throws IOException {
        for (int i = 0; i < BINS; i++) {
            out.writeLong(positives[i]);
            out.writeLong(negatives[i]);
        }
    }

    static ScoreHistogram readFrom(DataInput in) throws IOException {
        long[] positives = new long[BINS];
        long[] negatives = new long[BINS];
        for (int i = 0; i < BINS; i++) {
            positives[i] = in.readLong();
            negatives[i] = in.readLong();
        }
        return new ScoreHistogram(positives, negatives);
    }
}
