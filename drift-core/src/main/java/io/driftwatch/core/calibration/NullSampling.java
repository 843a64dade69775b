package io.driftwatch.core.calibration;

/**
 * How many no-drift windows calibration simulates per feature, and from which seed.
 *
 * <p>The defaults ({@code driftwatch evaluate}, {@code baseline build --calibrate}, the trainer) are
 * 10 000 and 500: ≈ 1 s per numeric feature at n = 10⁴ on one core, with 1 000 and 50 replicates in the fitted tail (relative standard error of its scale
 * 1/√50 ≈ 14%).
 *
 * @param binReplicates windows for the bin-based metrics (PSI, JS), drawn as multinomial counts in
 *     O(bins) each, so many are cheap
 * @param valueReplicates windows for KS D and Wasserstein-1, drawn value by value through the job's
 *     window profile and sketch, O(n) each
 * @param seed the simulation's seed; equal seeds give equal thresholds
 */
public record NullSampling(int binReplicates, int valueReplicates, long seed) {
    /** Default windows for PSI/JS: cheap, and 1 000 tail points. */
    public static final int DEFAULT_BIN_REPLICATES = 10_000;
    /** Default windows for KS/Wasserstein: 50 tail points, the cost that dominates calibration. */
    public static final int DEFAULT_VALUE_REPLICATES = 500;

    public NullSampling {
        if (binReplicates < NullTail.MIN_REPLICATES || valueReplicates < NullTail.MIN_REPLICATES) {
            throw new IllegalArgumentException("need at least " + NullTail.MIN_REPLICATES
                    + " replicates of each kind, got " + binReplicates + " and " + valueReplicates);
        }
    }

    /** The default simulation sizes with {@code seed}. */
    public static NullSampling defaults(long seed) {
        return new NullSampling(DEFAULT_BIN_REPLICATES, DEFAULT_VALUE_REPLICATES, seed);
    }
}
