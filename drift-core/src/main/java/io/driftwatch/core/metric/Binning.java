package io.driftwatch.core.metric;

import java.util.Arrays;

/**
 * Quantile bin edges and bin assignment, the binning convention of every PSI in driftwatch.
 *
 * <p>Edges are the training quantiles at probabilities {@code 1/B, 2/B, ..., (B-1)/B}, computed with
 * Hyndman–Fan type 7 (linear interpolation between order statistics, numpy's default
 * {@code method="linear"}, R's default): for probability {@code p} over sorted values
 * {@code x[0..n-1]}, {@code h = (n-1)p}, {@code Q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])}.
 * Duplicate edges are kept, so a tie-heavy feature gets empty bins instead of a different bin count.
 *
 * <p>Bins are right-closed: {@code (-inf,e1], (e1,e2], ..., (eB-1,+inf)}; a value equal to an edge
 * goes to the lower bin. This is numpy's {@code searchsorted(edges, x, side="left")} and matches the
 * reference vectors in {@code shared/vectors}. Right-closed bins matter for a constant reference: all
 * of it lands in the first bin, so a shifted current sample shows drift instead of PSI 0.
 */
public final class Binning {
    private Binning() {}

    /**
     * Type-7 quantile edges of {@code sorted} for {@code bins} equal-probability bins.
     *
     * @param sorted ascending, finite values; not modified
     * @param bins number of bins B ≥ 2; returns B − 1 edges
     * @throws IllegalArgumentException if {@code sorted} is empty or {@code bins < 2}
     */
    public static double[] quantileEdges(double[] sorted, int bins) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("cannot compute bin edges of an empty sample");
        }
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, got " + bins);
        }
        double[] edges = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            edges[i - 1] = type7Quantile(sorted, (double) i / bins);
        }
        return edges;
    }

    /** Hyndman–Fan type 7 quantile of an ascending sample. */
    public static double type7Quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Index of the right-closed bin holding {@code x}: the number of edges strictly below {@code x}
     * (numpy {@code searchsorted(edges, x, side="left")}). Binary search, O(log B).
     */
    public static int binIndex(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Counts of {@code values} in the {@code edges.length + 1} right-closed bins. */
    public static long[] counts(double[] edges, double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            counts[binIndex(edges, v)]++;
        }
        return counts;
    }

    /** Each count divided by the total; all zeros when the total is zero. */
    public static double[] fractions(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double[] fractions = new double[counts.length];
        if (total == 0) {
            return fractions;
        }
        for (int i = 0; i < counts.length; i++) {
            fractions[i] = (double) counts[i] / total;
        }
        return fractions;
    }
}
