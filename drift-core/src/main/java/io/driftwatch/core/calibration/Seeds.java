package io.driftwatch.core.calibration;

import java.nio.charset.StandardCharsets;

/**
 * Independent, reproducible random streams from one seed and a label (feature name, purpose), so a
 * result does not depend on the order in which features or scenarios are visited.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * A seed for the stream named {@code label} under {@code seed}: the label's UTF-8 bytes folded with
     * the SplitMix64 finaliser (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number
     * generators", OOPSLA 2014), the mixer {@link java.util.SplittableRandom} itself uses.
     */
    public static long derive(long seed, String label) {
        long h = mix(seed);
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
