package io.driftwatch.core.metric;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A right-continuous empirical distribution function, {@code F(x) = (weight of points ≤ x) / total},
 * stored as ascending points with the cumulative fraction at each point. A sample and a KLL
 * sketch's sorted view are the same kind of step function, so KS and Wasserstein have one code path
 * for both. Repeated points (ties) are kept; {@link #valueAt} takes the last of them, which is the
 * inclusive cumulative fraction.
 */
record StepCdf(double[] points, double[] cumulative) {
    static final StepCdf EMPTY = new StepCdf(new double[0], new double[0]);

    /** ECDF of a sample of finite values. */
    static StepCdf ofSample(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] cumulative = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (!Double.isFinite(sorted[i])) {
                throw new IllegalArgumentException("sample contains " + sorted[i]
                        + "; drop NaN and infinite values before comparing distributions");
            }
            cumulative[i] = (double) (i + 1) / sorted.length;
        }
        return new StepCdf(sorted, cumulative);
    }

    /** The sketch's approximate CDF: its retained items with their cumulative (inclusive) weights over n. */
    static StepCdf ofSketch(KllDoublesSketch sketch) {
        if (sketch.isEmpty()) {
            return EMPTY;
        }
        DoublesSortedView view = sketch.getSortedView();
        long[] cumulativeWeights = view.getCumulativeWeights();
        double[] cumulative = new double[cumulativeWeights.length];
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] = (double) cumulativeWeights[i] / sketch.getN();
        }
        return new StepCdf(view.getQuantiles(), cumulative);
    }

    /**
     * The sketch's normalised single-rank error (DataSketches {@code getNormalizedRankError(false)},
     * ~99% confidence), or 0 while it still holds every item and its ranks are exact.
     */
    static double rankError(KllDoublesSketch sketch) {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0.0;
    }

    boolean isEmpty() {
        return points.length == 0;
    }

    /** F(x): the cumulative fraction of the last point ≤ x, or 0 below the first point. */
    double valueAt(double x) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (points[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0.0 : cumulative[lo - 1];
    }

    /** sup_x |F(x) − G(x)|; both step functions only jump at their points, so the sup is a max over them. */
    static double maxDistance(StepCdf f, StepCdf g) {
        double max = 0;
        for (double x : unionOfPoints(f, g)) {
            max = Math.max(max, Math.abs(f.valueAt(x) - g.valueAt(x)));
        }
        return max;
    }

    /** ∫ |F(x) − G(x)| dx: both are constant between consecutive union points, so a finite sum of rectangles. */
    static double areaBetween(StepCdf f, StepCdf g) {
        double[] xs = unionOfPoints(f, g);
        double area = 0;
        for (int i = 0; i + 1 < xs.length; i++) {
            area += Math.abs(f.valueAt(xs[i]) - g.valueAt(xs[i])) * (xs[i + 1] - xs[i]);
        }
        return area;
    }

    /** Distinct points of both, ascending (a merge of two sorted arrays). */
    private static double[] unionOfPoints(StepCdf f, StepCdf g) {
        double[] a = f.points;
        double[] b = g.points;
        double[] union = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        int size = 0;
        while (i < a.length || j < b.length) {
            double next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (size == 0 || next != union[size - 1]) {
                union[size++] = next;
            }
        }
        return Arrays.copyOf(union, size);
    }
}
