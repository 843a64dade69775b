package io.driftwatch.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable accumulator of a binary classifier's labelled predictions: the confusion counts, and from
 * the positive-class probability (when sent) log loss, a {@link ScoreHistogram} for ROC AUC and
 * {@link ReliabilityBins} for the calibration error. Fixed size (about 2 KB) whatever the traffic.
 *
 * <p>Precision {@code TP/(TP+FP)} and recall {@code TP/(TP+FN)} are of the positive class and NaN when
 * their denominator is 0 (scikit-learn warns and returns 0 there; a made-up 0 would trip a
 * performance alert on a window that merely had no positive prediction).
 */
public final class BinaryClassification {
    private long tp;
    private long fp;
    private long tn;
    private long fn;
    private double logLossSum;
    private long withProbability;
    private final ScoreHistogram scores;
    private final ReliabilityBins reliability;

    public BinaryClassification() {
        this(new ScoreHistogram(), new ReliabilityBins());
    }

    private BinaryClassification(ScoreHistogram scores, ReliabilityBins reliability) {
        this.scores = scores;
        this.reliability = reliability;
    }

    /**
     * Adds one labelled prediction.
     *
     * @param positiveProbability the model's probability of the positive class, or {@code null}; a
     *     value outside [0, 1] is not a probability and only the confusion counts use the example
     */
    public void add(boolean actualPositive, boolean predictedPositive, Double positiveProbability) {
        if (predictedPositive) {
            if (actualPositive) {
                tp++;
            } else {
                fp++;
            }
        } else if (actualPositive) {
            fn++;
        } else {
            tn++;
        }
        if (positiveProbability != null && ScoreHistogram.isProbability(positiveProbability)) {
            double p = positiveProbability;
            logLossSum += LogLoss.of(actualPositive ? p : 1 - p);
            withProbability++;
            scores.add(p, actualPositive);
            reliability.add(p, actualPositive);
        }
    }

    public void merge(BinaryClassification other) {
        tp += other.tp;
        fp += other.fp;
        tn += other.tn;
        fn += other.fn;
        logLossSum += other.logLossSum;
        withProbability += other.withProbability;
        scores.merge(other.scores);
        reliability.merge(other.reliability);
    }

    public long count() {
        return tp + fp + tn + fn;
    }

    public PerformanceMetrics metrics() {
        long n = count();
        if (n == 0) {
            return PerformanceMetrics.NONE;
        }
        double precision = PerformanceMetrics.ratio(tp, tp + fp);
        double recall = PerformanceMetrics.ratio(tp, tp + fn);
        return PerformanceMetrics.classification((double) (tp + tn) / n, precision, recall,
                PerformanceMetrics.f1(precision, recall), PerformanceMetrics.ratio(logLossSum, withProbability),
                scores.auc(), scores.aucErrorBound(), reliability.ece(), n);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(tp);
        out.writeLong(fp);
        out.writeLong(tn);
        out.writeLong(fn);
        out.writeDouble(logLossSum);
        out.writeLong(withProbability);
        scores.writeTo(out);
        reliability.writeTo(out);
    }

    static BinaryClassification readFrom(DataInput in) throws IOException {
        long tp = in.readLong();
        long fp = in.readLong();
        long tn = in.readLong();
        long fn = in.readLong();
        double logLossSum = in.readDouble();
        long withProbability = in.readLong();
        BinaryClassification result = new BinaryClassification(ScoreHistogram.readFrom(in), ReliabilityBins.readFrom(in));
        result.tp = tp;
        result.fp = fp;
        result.tn = tn;
        result.fn = fn;
        result.logLossSum = logLossSum;
        result.withProbability = withProbability;
        return result;
    }
}
