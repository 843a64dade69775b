package io.driftwatch.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Mergeable accumulator of a multi-class classifier's labelled predictions: the confusion matrix and,
 * from the class probabilities when sent, log loss, one-vs-rest {@link ScoreHistogram}s for macro ROC
 * AUC and top-label {@link ReliabilityBins}.
 *
 * <ul>
 *   <li>Macro precision, recall and F1 average the per-class values over every class that occurs as a
 *       label or a prediction in the window, a class without predictions (or without labels) counting
 *       0, as scikit-learn's {@code average='macro'} with {@code zero_division=0}.</li>
 *   <li>Macro AUC averages the one-vs-rest AUC of each class that has both positives and negatives
 *       (scikit-learn's {@code multi_class='ovr', average='macro'}); it assumes each prediction lists
 *       every class's probability (a missing class counts as probability 0). Its error bound is the
 *       mean of the per-class bounds.</li>
 * </ul>
 * State is bounded: at most {@link #MAX_CLASSES} class names are tracked; labels and predictions of
 * further classes are counted under {@link #OTHER} (so accuracy stays exact) and get no histogram.
 */
public final class MulticlassClassification {
    public static final int MAX_CLASSES = 32;
    /** Stands for every class beyond the first {@link #MAX_CLASSES}. */
    public static final String OTHER = "__other__";
    private static final char SEPARATOR = '\u0000';

    /** Confusion cells keyed by {@code actual + NUL + predicted}. */
    private final Map<String, Long> cells = new LinkedHashMap<>();
    private final Set<String> classes = new LinkedHashSet<>();
    private final Map<String, ScoreHistogram> oneVsRest = new LinkedHashMap<>();
    private final ReliabilityBins topLabel = new ReliabilityBins();
    private long count;
    private long correct;
    private double logLossSum;
    private long withProbabilities;

    /**
     * Adds one labelled prediction.
     *
     * @param probabilities probability per class, possibly empty; used only when every value is in [0, 1]
     */
    public void add(String actual, String predicted, Map<String, Double> probabilities) {
        String a = track(actual);
        String p = track(predicted);
        cells.merge(a + SEPARATOR + p, 1L, Long::sum);
        count++;
        if (actual.equals(predicted)) {
            correct++;
        }
        if (!probabilities.isEmpty() && probabilities.values().stream().allMatch(ScoreHistogram::isProbability)) {
            withProbabilities++;
            logLossSum += LogLoss.of(probabilities.getOrDefault(actual, 0.0));
            topLabel.add(probabilities.getOrDefault(predicted, 0.0), actual.equals(predicted));
            for (String c : probabilities.keySet()) {
                if (classes.contains(c) || classes.size() < MAX_CLASSES) {
                    classes.add(c);
                    oneVsRest.computeIfAbsent(c, k -> new ScoreHistogram()).add(probabilities.get(c), c.equals(actual));
                }
            }
        }
    }

    private String track(String className) {
        if (classes.contains(className)) {
            return className;
        }
        if (classes.size() < MAX_CLASSES) {
            classes.add(className);
            return className;
        }
        return OTHER;
    }

    public void merge(MulticlassClassification other) {
        other.cells.forEach((cell, n) -> {
            int split = cell.indexOf(SEPARATOR);
            String a = track(cell.substring(0, split));
            String p = track(cell.substring(split + 1));
            cells.merge(a + SEPARATOR + p, n, Long::sum);
        });
        other.oneVsRest.forEach((c, histogram) -> {
            if (classes.contains(c) || classes.size() < MAX_CLASSES) {
                classes.add(c);
                oneVsRest.computeIfAbsent(c, k -> new ScoreHistogram()).merge(histogram);
            }
        });
        topLabel.merge(other.topLabel);
        count += other.count;
        correct += other.correct;
        logLossSum += other.logLossSum;
        withProbabilities += other.withProbabilities;
    }

    public long count() {
        return count;
    }

    public PerformanceMetrics metrics() {
        if (count == 0) {
            return PerformanceMetrics.NONE;
        }
        Map<String, long[]> perClass = new LinkedHashMap<>(); // {true positives, predicted, actual}
        cells.forEach((cell, n) -> {
            int split = cell.indexOf(SEPARATOR);
            String a = cell.substring(0, split);
            String p = cell.substring(split + 1);
            perClass.computeIfAbsent(a, k -> new long[3])[2] += n;
            perClass.computeIfAbsent(p, k -> new long[3])[1] += n;
            if (a.equals(p)) {
                perClass.get(a)[0] += n;
            }
        });
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (long[] c : perClass.values()) {
            double pr = c[1] == 0 ? 0 : (double) c[0] / c[1];
            double re = c[2] == 0 ? 0 : (double) c[0] / c[2];
            precision += pr;
            recall += re;
            f1 += PerformanceMetrics.f1(pr, re);
        }
        int k = perClass.size();
        double aucSum = 0;
        double boundSum = 0;
        int aucClasses = 0;
        for (ScoreHistogram histogram : oneVsRest.values()) {
            double auc = histogram.auc();
            if (!Double.isNaN(auc)) {
                aucSum += auc;
                boundSum += histogram.aucErrorBound();
                aucClasses++;
            }
        }
        return PerformanceMetrics.classification((double) correct / count, precision / k, recall / k, f1 / k,
                PerformanceMetrics.ratio(logLossSum, withProbabilities), PerformanceMetrics.ratio(aucSum, aucClasses),
                PerformanceMetrics.ratio(boundSum, aucClasses), topLabel.ece(), count);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(correct);
        out.writeDouble(logLossSum);
        out.writeLong(withProbabilities);
        out.writeInt(classes.size());
        for (String c : classes) {
            out.writeUTF(c);
        }
        out.writeInt(cells.size());
        for (Map.Entry<String, Long> cell : cells.entrySet()) {
            out.writeUTF(cell.getKey());
            out.writeLong(cell.getValue());
        }
        out.writeInt(oneVsRest.size());
        for (Map.Entry<String, ScoreHistogram> entry : oneVsRest.entrySet()) {
            out.writeUTF(entry.getKey());
            entry.getValue().writeTo(out);
        }
        topLabel.writeTo(out);
    }

    static MulticlassClassification readFrom(DataInput in) throws IOException {
        MulticlassClassification result = new MulticlassClassification();
        result.count = in.readLong();
        result.correct = in.readLong();
        result.logLossSum = in.readDouble();
        result.withProbabilities = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            result.classes.add(in.readUTF());
        }
        for (int i = in.readInt(); i > 0; i--) {
            result.cells.put(in.readUTF(), in.readLong());
        }
        for (int i = in.readInt(); i > 0; i--) {
            result.oneVsRest.put(in.readUTF(), ScoreHistogram.readFrom(in));
        }
        result.topLabel.merge(ReliabilityBins.readFrom(in));
        return result;
    }
}
