package io.driftwatch.bench;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.drift.FeatureDrift;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the per-event and per-window work of drift-core, each against a baseline measured in the
 * same run (machines here are noisy; ratios are what to compare):
 *
 * <ul>
 *   <li>{@code numericUpdate} (NumericProfile.add: bin search + KLL + moments) vs {@code kllUpdateOnly}
 *       (the KLL sketch alone, the floor of any sketch-based profile);</li>
 *   <li>{@code categoricalUpdate} vs {@code hashMapCountOnly} (a plain HashMap counter);</li>
 *   <li>{@code numericMerge} and {@code numericSerialiseRoundTrip} (what a window merge and a
 *       checkpoint cost per feature), and {@code evaluateNumeric} / {@code evaluateCategorical}
 *       (all metrics of one feature at window close).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ProfileBenchmark {
    private static final int BATCH = 10_000;

    private double[] values;
    private String[] categories;
    private NumericFeatureBaseline numericBaseline;
    private CategoricalFeatureBaseline categoricalBaseline;
    private NumericProfile windowProfile;
    private NumericProfile otherWindow;
    private CategoricalProfile categoricalWindow;
    private KllDoublesSketch sketchOnly;
    private java.util.HashMap<String, Long> counterOnly;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        values = new double[BATCH];
        categories = new String[BATCH];
        String[] names = {"DE", "FR", "IT", "ES", "NL", "PL", "SE", "AT"};
        for (int i = 0; i < BATCH; i++) {
            values[i] = random.nextGaussian();
            categories[i] = names[random.nextInt(names.length)];
        }
        double[] training = random.doubles(100_000).map(u -> u * 4 - 2).toArray();
        numericBaseline = BaselineBuilder.numeric(new FeatureColumn.Numeric("x", training), BaselineOptions.DEFAULTS,
                new ArrayList<>()).orElseThrow();
        categoricalBaseline = BaselineBuilder.categorical(new FeatureColumn.Categorical("c", categories),
                BaselineOptions.DEFAULTS, new ArrayList<>()).orElseThrow();
        windowProfile = newWindow();
        otherWindow = newWindow();
        categoricalWindow = CategoricalProfile.create(categoricalBaseline.getFrequencies().keySet(), 50);
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < BATCH; j++) {
                windowProfile.add(values[j] + i * 1e-3);
                otherWindow.add(values[j] - i * 1e-3);
            }
        }
        for (String category : categories) {
            categoricalWindow.add(category);
        }
        sketchOnly = KllDoublesSketch.newHeapInstance(NumericProfile.DEFAULT_WINDOW_K);
        counterOnly = new java.util.HashMap<>();
    }

    private NumericProfile newWindow() {
        return NumericProfile.create(numericBaseline.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(),
                numericBaseline.getMin(), numericBaseline.getMax(), NumericProfile.DEFAULT_WINDOW_K);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public NumericProfile numericUpdate() {
        NumericProfile profile = newWindow();
        for (double v : values) {
            profile.add(v);
        }
        return profile;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public KllDoublesSketch kllUpdateOnly() {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(NumericProfile.DEFAULT_WINDOW_K);
        for (double v : values) {
            sketch.update(v);
        }
        return sketch;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public CategoricalProfile categoricalUpdate() {
        CategoricalProfile profile = CategoricalProfile.create(categoricalBaseline.getFrequencies().keySet(), 50);
        for (String c : categories) {
            profile.add(c);
        }
        return profile;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public java.util.HashMap<String, Long> hashMapCountOnly() {
        java.util.HashMap<String, Long> counts = new java.util.HashMap<>();
        for (String c : categories) {
            counts.merge(c, 1L, Long::sum);
        }
        return counts;
    }

    /** Merge of two 10⁶-value window profiles (one per pre-aggregating subtask). */
    @Benchmark
    public NumericProfile numericMerge() {
        NumericProfile target = NumericProfile.fromBytes(windowProfile.toBytes());
        target.merge(otherWindow);
        return target;
    }

    @Benchmark
    public NumericProfile numericSerialiseRoundTrip() {
        return NumericProfile.fromBytes(windowProfile.toBytes());
    }

    @Benchmark
    public FeatureDrift evaluateNumeric() {
        return DriftEvaluator.numeric(numericBaseline, windowProfile, TestSelection.Thresholds.DEFAULTS);
    }

    @Benchmark
    public FeatureDrift evaluateCategorical() {
        return DriftEvaluator.categorical(categoricalBaseline, categoricalWindow, TestSelection.Thresholds.DEFAULTS);
    }
}
