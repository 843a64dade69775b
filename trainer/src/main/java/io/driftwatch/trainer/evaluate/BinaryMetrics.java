package io.driftwatch.trainer.evaluate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.driftwatch.trainer.data.LabelledRow;
import io.driftwatch.trainer.train.ScoringModel;

/**
 * Binary-classification metrics of a model on labelled rows. Accuracy, precision, recall and F1 use
 * the 0.5 threshold; AUC is the Mann–Whitney statistic with tied scores counted half; log loss
 * clips probabilities to [1e-15, 1 − 1e-15] as scikit-learn does.
 */
public final class BinaryMetrics {
    private static final double EPSILON = 1e-15;

    private BinaryMetrics() {}

    /** Every {@link Metric} of {@code model} on {@code rows}, keyed by the metric's name. */
    public static Map<String, Double> of(ScoringModel model, List<LabelledRow> rows) {
        double[] scores = rows.stream().mapToDouble(model::score).toArray();
        boolean[] positive = new boolean[rows.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = rows.get(i).label().equals(model.positiveClass());
        }
        return of(scores, positive);
    }

    public static Map<String, Double> of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length || scores.length == 0) {
            throw new IllegalArgumentException("need as many labels as scores, at least one; got "
                    + scores.length + " scores and " + positive.length + " labels");
        }
        long tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0, brier = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= 0.5;
            if (predicted && positive[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (positive[i]) {
                fn++;
            } else {
                tn++;
            }
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, scores[i]));
            logLoss -= positive[i] ? Math.log(p) : Math.log(1 - p);
            double error = scores[i] - (positive[i] ? 1 : 0);
            brier += error * error;
        }
        int n = scores.length;
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put(Metric.AUC.key(), auc(scores, positive));
        metrics.put(Metric.ACCURACY.key(), (double) (tp + tn) / n);
        metrics.put(Metric.PRECISION.key(), precision);
        metrics.put(Metric.RECALL.key(), recall);
        metrics.put(Metric.F1.key(), precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        metrics.put(Metric.LOG_LOSS.key(), logLoss / n);
        metrics.put(Metric.BRIER.key(), brier / n);
        return metrics;
    }

    /** Probability that a random positive scores above a random negative (ties count half); NaN without both classes. */
    static double auc(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }
}
