package io.driftwatch.core.calibration;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;

/**
 * Makes KLL sketches reproducible for a simulation. DataSketches' KLL compaction keeps a random half
 * of each compacted level, drawn from one JVM-wide {@code java.util.Random} ({@code KllSketch.random},
 * unseeded, no public setter in datasketches-java 6.2). Calibration and the evaluation harness reseed
 * it by reflection, so the same seed gives the same sketches and thresholds.
 *
 * <p><b>Library upgrades.</b> The field is private API. If a datasketches-java version renames it,
 * makes it an instance field or changes its type, every {@link #reseed} call fails with an
 * {@link IllegalStateException} that says so — calibration must never silently become
 * non-reproducible. The field is looked up on each call (a few microseconds; calibration reseeds once
 * per feature), so the failure is the same clear message every time rather than a
 * {@code NoClassDefFoundError} after a failed static initialiser.
 *
 * <p><b>Threads.</b> The {@code Random} is shared by every KLL sketch in the JVM. It is thread-safe
 * (no corruption), but determinism holds only while no other thread updates a KLL sketch between a
 * reseed and the end of the simulation: two calibrations on two threads, or a calibration inside a
 * process that also runs the drift job, get reproducible-looking but unrepeatable thresholds. Run
 * calibration on one thread at a time (the CLI and the trainer do). Reseeding changes nothing
 * statistically for other users: the coin flips stay uniform.
 *
 * <p><b>Not on the job's hot path.</b> Only calibration ({@link NullSimulation}) and the evaluation
 * harness call this; the streaming job never calibrates (it reads thresholds from the baseline), and
 * a test of {@code flink-jobs} checks that none of its classes refers to this one.
 */
public final class SketchRandomness {
    static final String FIELD = "random";

    private SketchRandomness() {}

    /**
     * Restarts KLL's compaction coin flips from {@code seed}.
     *
     * @throws IllegalStateException if the installed datasketches-java has no static
     *     {@code java.util.Random KllSketch.random} any more
     */
    public static void reseed(long seed) {
        kllRandom(KllSketch.class, FIELD).setSeed(seed);
    }

    /** The static {@code Random} field {@code name} of {@code owner}; package-private for its failure test. */
    static Random kllRandom(Class<?> owner, String name) {
        Field field;
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(unreachable(owner, name, "the field does not exist"), e);
        }
        if (!Modifier.isStatic(field.getModifiers()) || !Random.class.isAssignableFrom(field.getType())) {
            throw new IllegalStateException(unreachable(owner, name, "it is not a static java.util.Random"));
        }
        try {
            field.setAccessible(true);
            return (Random) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(unreachable(owner, name, e.toString()), e);
        }
    }

    private static String unreachable(Class<?> owner, String name, String why) {
        return "cannot reseed " + owner.getName() + "." + name + " (" + why + "), so drift calibration would not be"
                + " reproducible for a seed. This code was written for datasketches-java 6.2; after an upgrade, find"
                + " the field KLL compaction draws its random bits from and update " + SketchRandomness.class.getName();
    }
}
