package io.driftwatch.core.calibration;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;

/**
 * Makes KLL sketches reproducible for a simulation. DataSketches' KLL compaction keeps a random half
 * of each compacted level, drawn from one JVM-wide {@code java.util.Random} ({@code KllSketch.random},
 * unseeded, no public setter in datasketches-java 6.2). Calibration and the evaluation harness reseed
 * it, so the same seed gives the same sketches and thresholds — as long as no other thread updates a
 * KLL sketch meanwhile (calibration runs on the caller's thread; the job does not calibrate). Reseeding
 * changes nothing statistically for other users: the coin flips stay uniform.
 */
public final class SketchRandomness {
    private static final Random KLL_RANDOM = kllRandom();

    private SketchRandomness() {}

    /** Restarts KLL's compaction coin flips from {@code seed}. */
    public static void reseed(long seed) {
        KLL_RANDOM.setSeed(seed);
    }

    private static Random kllRandom() {
        try {
            Field field = KllSketch.class.getDeclaredField("random");
            field.setAccessible(true);
            return (Random) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach KllSketch.random to make calibration reproducible; check the"
                    + " datasketches-java version (written for 6.2)", e);
        }
    }
}
