package io.driftwatch.core.metric;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A right-continuous empirical distribution function, {@code F(x) = (weight of points ≤ x) / total},
 * stored as ascending points with the cumulative fraction at each point. A sample and a KLL
 * sketch's sorted view are the same kind of step function, so KS and Wasserstein have one code path
 * for both. Repeated points (ties) are kept; F at a tied point is the cumulative fraction of the last
 * of them, the inclusive one.
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

    /** sup_x |F(x) − G(x)|; both step functions only jump at their points, so the sup is a max over them. */
    static double maxDistance(StepCdf f, StepCdf g) {
        double max = 0;
        for (double gap : Gaps.of(f, g).gaps()) {
            max = Math.max(max, gap);
        }
        return max;
    }

    /** ∫ |F(x) − G(x)| dx: both are constant between consecutive union points, so a finite sum of rectangles. */
    static double areaBetween(StepCdf f, StepCdf g) {
        Gaps gaps = Gaps.of(f, g);
        double[] xs = gaps.points();
        double area = 0;
        for (int i = 0; i + 1 < xs.length; i++) {
            area += gaps.gaps()[i] * (xs[i + 1] - xs[i]);
        }
        return area;
    }

    /**
     * The distinct points of both step functions, ascending, and |F(x) − G(x)| at each. One merge walk
     * of the two sorted point arrays, O(n + m): at window close KS and Wasserstein compare sketches of
     * thousands of points for every numeric feature, where a binary search per point (O((n + m) log))
     * was most of the evaluation's time. At a point x each cursor has moved past every point ≤ x (ties
     * included), so the value read is the inclusive cumulative fraction, right-continuous as F.
     */
    private record Gaps(double[] points, double[] gaps) {
        static Gaps of(StepCdf f, StepCdf g) {
            double[] a = f.points;
            double[] b = g.points;
            double[] points = new double[a.length + b.length];
            double[] gaps = new double[points.length];
            int i = 0;
            int j = 0;
            int size = 0;
            while (i < a.length || j < b.length) {
                double x = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
                while (i < a.length && a[i] <= x) {
                    i++;
                }
                while (j < b.length && b[j] <= x) {
                    j++;
                }
                points[size] = x;
                gaps[size++] = Math.abs((i == 0 ? 0.0 : f.cumulative[i - 1]) - (j == 0 ? 0.0 : g.cumulative[j - 1]));
            }
            return new Gaps(Arrays.copyOf(points, size), Arrays.copyOf(gaps, size));
        }
    }
}
