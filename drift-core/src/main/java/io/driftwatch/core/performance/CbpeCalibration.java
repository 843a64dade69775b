package io.driftwatch.core.performance;

import io.driftwatch.events.PerformanceCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The calibration map CBPE needs: a binary classifier's score → the probability that the example is
 * really positive, fitted on a labelled hold-out by histogram binning (Zadrozny and Elkan, "Obtaining
 * calibrated probability estimates from decision trees and naive Bayesian classifiers", ICML 2001): the
 * hold-out scores are split into equal-frequency bins and every score in a bin maps to the bin's
 * observed positive rate. Binning rather than isotonic regression because it is a small, robust step
 * function whose per-bin uncertainty is plain ({@code √(p(1−p)/n_b)}, stored counts) and which needs
 * no monotonicity assumption; NannyML fits isotonic regression by default, both are standard.
 *
 * <p>Immutable; stored in the Baseline as {@link PerformanceCalibration}.
 */
public final class CbpeCalibration {
    public static final String METHOD = "histogram-binning/1";
    /** Bins of the map: at most 20, and at least {@link #MIN_ROWS_PER_BIN} hold-out rows per bin. */
    public static final int MAX_BINS = 20;
    public static final int MIN_ROWS_PER_BIN = 50;

    private final String positiveClass;
    private final double decisionThreshold;
    private final double[] upperEdges;
    private final double[] positiveRates;
    private final long[] counts;

    private CbpeCalibration(String positiveClass, double decisionThreshold, double[] upperEdges,
                            double[] positiveRates, long[] counts) {
        if (positiveRates.length != upperEdges.length + 1 || counts.length != positiveRates.length) {
            throw new IllegalArgumentException("a calibration map of " + positiveRates.length + " bins needs "
                    + (positiveRates.length - 1) + " inner edges and as many counts; got " + upperEdges.length
                    + " and " + counts.length);
        }
        this.positiveClass = positiveClass;
        this.decisionThreshold = decisionThreshold;
        this.upperEdges = upperEdges;
        this.positiveRates = positiveRates;
        this.counts = counts;
    }

    /**
     * Fits the map on a labelled hold-out.
     *
     * @param scores the model's positive-class scores on the hold-out
     * @param positive whether each hold-out row is of {@code positiveClass}
     * @param decisionThreshold score at or above which the model predicts the positive class
     * @throws IllegalArgumentException with fewer than {@link #MIN_ROWS_PER_BIN} rows
     */
    public static CbpeCalibration fit(double[] scores, boolean[] positive, String positiveClass,
                                      double decisionThreshold) {
        int n = scores.length;
        if (n != positive.length || n < MIN_ROWS_PER_BIN) {
            throw new IllegalArgumentException("need at least " + MIN_ROWS_PER_BIN
                    + " hold-out rows with as many labels as scores; got " + n + " scores and " + positive.length
                    + " labels");
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        int bins = Math.max(1, Math.min(MAX_BINS, n / MIN_ROWS_PER_BIN));
        List<Double> edges = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        int start = 0;
        for (int b = 1; b <= bins && start < n; b++) {
            int end = b == bins ? n : (int) ((long) n * b / bins);
            // Ties stay in one bin, so the edge separates different scores.
            while (end < n && end > start && scores[order[end]] == scores[order[end - 1]]) {
                end++;
            }
            if (end <= start) {
                continue;
            }
            long hits = 0;
            for (int i = start; i < end; i++) {
                if (positive[order[i]]) {
                    hits++;
                }
            }
            if (!rates.isEmpty()) {
                edges.add(scores[order[start]]);
            }
            rates.add((double) hits / (end - start));
            counts.add((long) (end - start));
            start = end;
        }
        return new CbpeCalibration(positiveClass, decisionThreshold,
                edges.stream().mapToDouble(Double::doubleValue).toArray(),
                rates.stream().mapToDouble(Double::doubleValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray());
    }

    public static CbpeCalibration fromAvro(PerformanceCalibration stored) {
        return new CbpeCalibration(stored.getPositiveClass(), stored.getDecisionThreshold(),
                stored.getBinUpperEdges().stream().mapToDouble(Double::doubleValue).toArray(),
                stored.getPositiveRates().stream().mapToDouble(Double::doubleValue).toArray(),
                stored.getBinCounts().stream().mapToLong(Long::longValue).toArray());
    }

    public PerformanceCalibration toAvro() {
        long rows = Arrays.stream(counts).sum();
        return PerformanceCalibration.newBuilder()
                .setMethod(METHOD)
                .setPositiveClass(positiveClass)
                .setDecisionThreshold(decisionThreshold)
                .setBinUpperEdges(Arrays.stream(upperEdges).boxed().toList())
                .setPositiveRates(Arrays.stream(positiveRates).boxed().toList())
                .setBinCounts(Arrays.stream(counts).boxed().toList())
                .setHoldOutRows(rows)
                .build();
    }

    /** The calibrated probability that an example with this score is positive. */
    public double probability(double score) {
        int bin = 0;
        while (bin < upperEdges.length && score >= upperEdges[bin]) {
            bin++;
        }
        return positiveRates[bin];
    }

    public String positiveClass() {
        return positiveClass;
    }

    public double decisionThreshold() {
        return decisionThreshold;
    }

    public int bins() {
        return positiveRates.length;
    }
}
