package io.driftwatch.demo.observe;

import io.driftwatch.trainer.evaluate.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model's realized quality per window, from the labels as they become known: AUC of the scores
 * against the true outcomes, per model version and window (by the prediction's event time).
 */
public final class RealizedPerformance {
    /** Windows with fewer labels, or without both outcomes, have no AUC. */
    private static final int MIN_LABELS = 50;

    /** Realized AUC of one version in the window ending at {@code windowEnd}. */
    public record Point(String version, long windowEnd, double auc, int labels) {}

    private record Key(long windowEnd, String version) {}

    private final long windowMillis;
    private final Map<Key, List<double[]>> labelled = new TreeMap<>(
            java.util.Comparator.comparingLong(Key::windowEnd).thenComparing(Key::version));

    public RealizedPerformance(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** One label: the score the version gave and whether the outcome was the positive class. */
    public synchronized void add(String version, long eventTime, double score, boolean positive) {
        long windowEnd = Math.floorDiv(eventTime, windowMillis) * windowMillis + windowMillis;
        labelled.computeIfAbsent(new Key(windowEnd, version), k -> new ArrayList<>())
                .add(new double[] {score, positive ? 1 : 0});
    }

    /** Every window with enough labels of both outcomes, in time order. */
    public synchronized List<Point> points() {
        List<Point> points = new ArrayList<>();
        labelled.forEach((key, rows) -> {
            double[] scores = rows.stream().mapToDouble(r -> r[0]).toArray();
            boolean[] positive = new boolean[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                positive[i] = rows.get(i)[1] == 1;
            }
            Double auc = rows.size() >= MIN_LABELS ? BinaryMetrics.of(scores, positive).get("auc") : null;
            if (auc != null && Double.isFinite(auc)) {
                points.add(new Point(key.version(), key.windowEnd(), auc, rows.size()));
            }
        });
        return points;
    }
}
