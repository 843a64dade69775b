package io.driftwatch.core.calibration;

import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.metric.KolmogorovSmirnov;
import io.driftwatch.core.metric.Psi;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.metric.Wasserstein;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Simulated no-drift windows of one feature, drawn from the baseline's own training data, and the
 * values each monitored metric takes on them.
 *
 * <p><b>Two-stage resampling</b>, because the baseline is itself a sample. Under no drift a window of
 * n values and the m training values come from one unknown distribution P, so the bin-share
 * differences a metric sees have variance p(1−p)·(1/n + 1/m) — not 1/n: the baseline's own sampling
 * error counts too. Each simulated window therefore (1) resamples a pseudo-population of m values
 * from the training data (the ordinary bootstrap, Efron 1979: the training data's stand-in for P, off
 * from it by the same 1/m error) and (2) draws the window's n values from that pseudo-population. The
 * window is then compared with the unchanged baseline, exactly as in the job.
 *
 * <ul>
 *   <li><b>Bin-based metrics</b> (PSI, categorical JS): resampling values and counting them in the
 *       baseline bins is a multinomial draw, so stage 1 is Multinomial(m, training bin fractions)/m and
 *       stage 2 Multinomial(n, stage-1 shares), O(bins) per window ({@link #binnedWindow}).</li>
 *   <li><b>KS D and Wasserstein-1</b> depend on the values: stage 2 draws n slots of the
 *       pseudo-population uniformly and stage 1 is realised lazily, a slot getting a uniformly drawn
 *       training value the first time it is drawn ({@link #valueWindow}); the values then go through
 *       the job's own {@link NumericProfile} (KLL k = 200) and the sketch-based KS and Wasserstein
 *       functions {@link DriftEvaluator} calls, so the null includes the sketches' error.</li>
 * </ul>
 */
public final class NullSimulation {
    private NullSimulation() {}

    /**
     * Each numeric metric's values over simulated no-drift windows of n values.
     *
     * @param trainingValues the finite training values the baseline was built from
     */
    public static Map<MonitoredMetric, double[]> numeric(NumericFeatureBaseline baseline, double[] trainingValues,
                                                         long n, NullSampling sampling) {
        if (trainingValues.length == 0) {
            throw new IllegalArgumentException("feature '" + baseline.getName() + "' has no training values");
        }
        Map<MonitoredMetric, double[]> values = new EnumMap<>(MonitoredMetric.class);
        double[] fractions = toArray(baseline.getBinFractions());
        SplittableRandom binRandom = new SplittableRandom(Seeds.derive(sampling.seed(), baseline.getName() + "/bins"));
        double[] psi = new double[sampling.binReplicates()];
        for (int r = 0; r < psi.length; r++) {
            psi[r] = Psi.of(fractions, binnedWindow(fractions, baseline.getCount(), n, binRandom));
        }
        values.put(MonitoredMetric.PSI, psi);
        SplittableRandom valueRandom = new SplittableRandom(Seeds.derive(sampling.seed(),
                baseline.getName() + "/values"));
        KllDoublesSketch referenceSketch = KllDoublesSketch.heapify(Memory.wrap(bytes(baseline.getKllSketch())));
        SketchRandomness.reseed(valueRandom.nextLong());
        double[] ksD = new double[sampling.valueReplicates()];
        double[] wasserstein = new double[sampling.valueReplicates()];
        for (int r = 0; r < ksD.length; r++) {
            KllDoublesSketch window = valueWindow(baseline, trainingValues, n, valueRandom).sketch();
            // The calls DriftEvaluator.numeric makes for these two metrics, without the ones not needed here.
            ksD[r] = KolmogorovSmirnov.test(referenceSketch, window).d();
            wasserstein[r] = Wasserstein.compare(referenceSketch, window, baseline.getStdDev()).normalised();
        }
        values.put(MonitoredMetric.KS_D, ksD);
        values.put(MonitoredMetric.WASSERSTEIN, wasserstein);
        return values;
    }

    /** Each categorical metric's values over simulated no-drift windows of n values. */
    public static Map<MonitoredMetric, double[]> categorical(CategoricalFeatureBaseline baseline, long n,
                                                             NullSampling sampling) {
        List<String> categories = new ArrayList<>(baseline.getFrequencies().keySet());
        List<Double> shares = new ArrayList<>(baseline.getFrequencies().values());
        if (baseline.getOtherFraction() > 0) {
            categories.add(DriftEvaluator.OTHER_BUCKET);
            shares.add(baseline.getOtherFraction());
        }
        double[] fractions = toArray(shares);
        List<MonitoredMetric> metrics = MonitoredMetric.watchedOn(ColumnKind.CATEGORICAL);
        Map<MonitoredMetric, double[]> values = new EnumMap<>(MonitoredMetric.class);
        metrics.forEach(metric -> values.put(metric, new double[sampling.binReplicates()]));
        SplittableRandom random = new SplittableRandom(Seeds.derive(sampling.seed(), baseline.getName() + "/bins"));
        for (int r = 0; r < sampling.binReplicates(); r++) {
            long[] counts = binnedWindow(fractions, baseline.getCount(), n, random);
            CategoricalProfile profile = CategoricalProfile.create(baseline.getFrequencies().keySet(),
                    CategoricalProfile.DEFAULT_MAX_UNSEEN_DISTINCT);
            for (int k = 0; k < counts.length; k++) {
                profile.add(categories.get(k), counts[k]);
            }
            var drift = DriftEvaluator.categorical(baseline, profile, TestSelection.Thresholds.DEFAULTS);
            for (MonitoredMetric metric : metrics) {
                values.get(metric)[r] = metric.valueOf(drift);
            }
        }
        return values;
    }

    /**
     * Counts of one no-drift window of n values in the baseline's bins: a pseudo-population
     * Multinomial(m, fractions), then the window Multinomial(n, pseudo-population shares).
     */
    static long[] binnedWindow(double[] fractions, long referenceCount, long n, SplittableRandom random) {
        long[] population = Multinomial.draw(referenceCount, fractions, random);
        double[] shares = new double[population.length];
        for (int k = 0; k < shares.length; k++) {
            shares[k] = population[k];
        }
        return Multinomial.draw(n, shares, random);
    }

    /** A window profile of n values drawn by two-stage resampling of {@code trainingValues}. */
    static NumericProfile valueWindow(NumericFeatureBaseline baseline, double[] trainingValues, long n,
                                      SplittableRandom random) {
        NumericProfile profile = NumericProfile.create(toArray(baseline.getBinEdges()), baseline.getMin(),
                baseline.getMax(), NumericProfile.DEFAULT_WINDOW_K);
        int m = trainingValues.length;
        Map<Integer, Double> population = new HashMap<>();
        for (long i = 0; i < n; i++) {
            int slot = random.nextInt(m);
            profile.add(population.computeIfAbsent(slot, s -> trainingValues[random.nextInt(m)]).doubleValue());
        }
        return profile;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
