package io.driftwatch.core.drift;

import io.driftwatch.core.metric.AlignedCategories;
import io.driftwatch.core.metric.Binning;
import io.driftwatch.core.metric.ChiSquare;
import io.driftwatch.core.metric.Hellinger;
import io.driftwatch.core.metric.JensenShannon;
import io.driftwatch.core.metric.KolmogorovSmirnov;
import io.driftwatch.core.metric.KsResult;
import io.driftwatch.core.metric.LInfinity;
import io.driftwatch.core.metric.Psi;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.metric.Wasserstein;
import io.driftwatch.core.metric.WassersteinResult;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Computes {@link FeatureDrift} two ways from the same metric functions:
 *
 * <ul>
 *   <li><b>streaming</b> — a baseline from the {@code baselines} topic against a window's
 *       {@link NumericProfile}/{@link CategoricalProfile}. PSI, JS and Hellinger use exact bin counts;
 *       KS and Wasserstein use the KLL sketches and report their error bound;</li>
 *   <li><b>exact</b> — two in-memory samples, as {@code driftwatch compare} does by default: bins at
 *       the reference's quantiles, exact KS and Wasserstein.</li>
 * </ul>
 * Both paths bin the same way, so PSI agrees exactly between them.
 */
public final class DriftEvaluator {
    /** Name of the PSI bucket holding current categories the baseline did not keep. */
    public static final String OTHER_BUCKET = "__other__";

    private DriftEvaluator() {}

    /** A window profile against its baseline feature (the streaming path). */
    public static FeatureDrift.Numeric numeric(NumericFeatureBaseline baseline, NumericProfile current,
                                               TestSelection.Thresholds thresholds) {
        double[] referenceFractions = baseline.getBinFractions().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = current.binCounts();
        KllDoublesSketch referenceSketch = KllDoublesSketch.heapify(Memory.wrap(bytes(baseline.getKllSketch())));
        double[] currentFractions = Binning.fractions(counts);
        boolean empty = current.count() == 0;
        KsResult ks = KolmogorovSmirnov.test(referenceSketch, current.sketch());
        WassersteinResult wasserstein = Wasserstein.compare(referenceSketch, current.sketch(), baseline.getStdDev());
        if (!empty) {
            // The sketches' W1 error can be ~1σ on heavy tails and near-constant features; the exact bin
            // counts bracket the exact W1 and cut that down (BENCHMARKS.md, sketch accuracy).
            double[] edges = baseline.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray();
            wasserstein = wasserstein.within(Wasserstein.binnedBracket(edges, referenceFractions, currentFractions,
                    Math.min(baseline.getMin(), current.min()), Math.max(baseline.getMax(), current.max())));
        }
        return new FeatureDrift.Numeric(baseline.getName(), baseline.getCount(), current.count(),
                empty ? Double.NaN : Psi.of(referenceFractions, counts),
                ks,
                empty ? Double.NaN : JensenShannon.distance(referenceFractions, currentFractions),
                empty ? Double.NaN : Hellinger.distance(referenceFractions, currentFractions),
                wasserstein,
                fraction(current.missing() + current.nonFinite(), current.total()),
                fraction(current.outOfRange(), current.count()),
                TestSelection.numeric(ks, wasserstein, current.count(), thresholds));
    }

    /** Two samples (NaN = missing) compared exactly, with {@code bins} quantile bins of the reference. */
    public static FeatureDrift.Numeric numericExact(String feature, double[] reference, double[] current, int bins,
                                                    TestSelection.Thresholds thresholds) {
        double[] ref = Arrays.stream(reference).filter(Double::isFinite).sorted().toArray();
        double[] cur = Arrays.stream(current).filter(Double::isFinite).toArray();
        if (ref.length == 0) {
            throw new IllegalArgumentException("feature '" + feature + "' has no values in the reference");
        }
        double[] edges = Binning.quantileEdges(ref, bins);
        double[] referenceFractions = Binning.fractions(Binning.counts(edges, ref));
        long[] counts = Binning.counts(edges, cur);
        double[] currentFractions = Binning.fractions(counts);
        boolean empty = cur.length == 0;
        long outOfRange = Arrays.stream(cur).filter(v -> v < ref[0] || v > ref[ref.length - 1]).count();
        KsResult ks = KolmogorovSmirnov.test(ref, cur);
        WassersteinResult wasserstein = Wasserstein.compare(ref, cur);
        return new FeatureDrift.Numeric(feature, ref.length, cur.length,
                empty ? Double.NaN : Psi.of(referenceFractions, counts),
                ks,
                empty ? Double.NaN : JensenShannon.distance(referenceFractions, currentFractions),
                empty ? Double.NaN : Hellinger.distance(referenceFractions, currentFractions),
                wasserstein,
                fraction(current.length - cur.length, current.length),
                fraction(outOfRange, cur.length),
                TestSelection.numeric(ks, wasserstein, cur.length, thresholds));
    }

    /** A window profile against its baseline feature (the streaming path). */
    public static FeatureDrift.Categorical categorical(CategoricalFeatureBaseline baseline, CategoricalProfile current,
                                                       TestSelection.Thresholds thresholds) {
        Map<String, Double> referenceCounts = new HashMap<>();
        baseline.getFrequencies().forEach((category, share) -> referenceCounts.put(category, share * baseline.getCount()));
        if (baseline.getOtherFraction() > 0) {
            referenceCounts.put(OTHER_BUCKET, baseline.getOtherFraction() * baseline.getCount());
        }
        Map<String, Long> currentCounts = new HashMap<>(current.counts());
        if (current.overflow() > 0) {
            currentCounts.merge(OTHER_BUCKET, current.overflow(), Long::sum);
        }
        double psi = Psi.categorical(referenceCounts, currentCounts, OTHER_BUCKET);
        return categorical(baseline.getName(), baseline.getCount(), referenceCounts, currentCounts, psi,
                current.count(), current.missing(), current.unseen(), thresholds);
    }

    /**
     * Two samples (null = missing) compared exactly over the union of their categories; PSI gives every
     * new category its own bin (the reference vectors' convention), where the streaming path, whose
     * baseline folds its tail, pools them in {@link #OTHER_BUCKET}.
     */
    public static FeatureDrift.Categorical categoricalExact(String feature, String[] reference, String[] current,
                                                            TestSelection.Thresholds thresholds) {
        Map<String, Long> referenceCounts = countPresent(reference);
        Map<String, Long> currentCounts = countPresent(current);
        long present = currentCounts.values().stream().mapToLong(Long::longValue).sum();
        long unseen = currentCounts.entrySet().stream().filter(e -> !referenceCounts.containsKey(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        return categorical(feature, referenceCounts.values().stream().mapToLong(Long::longValue).sum(),
                referenceCounts, currentCounts, Psi.categorical(referenceCounts, currentCounts), present,
                current.length - present, unseen, thresholds);
    }

    private static FeatureDrift.Categorical categorical(String feature, long referenceCount,
                                                        Map<String, ? extends Number> referenceCounts,
                                                        Map<String, ? extends Number> currentCounts, double psi,
                                                        long present, long missing, long unseen,
                                                        TestSelection.Thresholds thresholds) {
        boolean empty = present == 0;
        AlignedCategories aligned = AlignedCategories.union(referenceCounts, currentCounts);
        double[] referenceShares = shares(aligned.reference());
        double[] currentShares = shares(aligned.current());
        return new FeatureDrift.Categorical(feature, referenceCount, present,
                empty ? Double.NaN : psi,
                ChiSquare.homogeneity(aligned.reference(), aligned.current()),
                empty ? Double.NaN : JensenShannon.distance(referenceShares, currentShares),
                empty ? Double.NaN : Hellinger.distance(referenceShares, currentShares),
                empty ? Double.NaN : LInfinity.distance(referenceShares, currentShares),
                fraction(missing, present + missing),
                fraction(unseen, present),
                TestSelection.categorical(referenceCounts, currentCounts, thresholds));
    }

    private static Map<String, Long> countPresent(String[] values) {
        Map<String, Long> counts = new HashMap<>();
        for (String value : values) {
            if (value != null) {
                counts.merge(value, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static double[] shares(double[] counts) {
        double total = Arrays.stream(counts).sum();
        return total == 0 ? counts.clone() : Arrays.stream(counts).map(c -> c / total).toArray();
    }

    private static double fraction(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
