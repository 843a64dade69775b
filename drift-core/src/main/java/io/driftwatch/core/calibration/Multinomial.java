package io.driftwatch.core.calibration;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Exact binomial and multinomial draws, O(√(n·p)) and O(K·√n) expected time, so a simulated window
 * costs the same at 10⁶ events as at 10³.
 *
 * <p>Binomial: inversion that searches outward from the mode (Devroye, <i>Non-Uniform Random Variate
 * Generation</i>, 1986, §III.2 and §X.4), visiting k = M, M+1, M−1, M+2, … and subtracting each
 * pmf from one uniform until it turns negative; inversion in any fixed order of the support is exact.
 * The pmf at the mode comes from log-gamma, the others from the ratio
 * f(k+1)/f(k) = (n−k)/(k+1) · p/q. Expected steps ≈ the standard deviation √(npq).
 *
 * <p>Multinomial(n; p₁..p_K): the conditional-binomial method, X₁ ~ Bin(n, p₁),
 * X_k ~ Bin(n − ΣX_{&lt;k}, p_k / (1 − Σp_{&lt;k})), the last bin taking the rest (Devroye §XI.1).
 */
public final class Multinomial {
    private Multinomial() {}

    /** One draw of counts over {@code probabilities} (non-negative, normalised here) for n trials. */
    public static long[] draw(long n, double[] probabilities, SplittableRandom random) {
        double total = 0;
        for (double p : probabilities) {
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("probabilities must be finite and >= 0, got " + p);
            }
            total += p;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("probabilities must not all be 0");
        }
        long[] counts = new long[probabilities.length];
        long remaining = n;
        double remainingMass = total;
        for (int k = 0; k < probabilities.length - 1 && remaining > 0; k++) {
            counts[k] = binomial(remaining, Math.min(1.0, probabilities[k] / remainingMass), random);
            remaining -= counts[k];
            remainingMass -= probabilities[k];
        }
        counts[probabilities.length - 1] += remaining;
        return counts;
    }

    /** One Binomial(n, p) draw. */
    public static long binomial(long n, double p, SplittableRandom random) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("need n >= 0 and p in [0, 1], got n=" + n + ", p=" + p);
        }
        if (n == 0 || p == 0) {
            return 0;
        }
        if (p == 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p, random);
        }
        double q = 1 - p;
        long mode = (long) Math.floor((n + 1) * p);
        double pmfMode = Math.exp(Gamma.logGamma(n + 1.0) - Gamma.logGamma(mode + 1.0)
                - Gamma.logGamma(n - mode + 1.0) + mode * Math.log(p) + (n - mode) * Math.log(q));
        double u = random.nextDouble() - pmfMode;
        if (u < 0) {
            return mode;
        }
        long up = mode;
        long down = mode;
        double pmfUp = pmfMode;
        double pmfDown = pmfMode;
        double odds = p / q;
        // Stops when both pmfs have underflowed: the mass left is rounding error, the mode is as good as any.
        while (pmfUp > 0 || pmfDown > 0) {
            if (up < n) {
                pmfUp *= (double) (n - up) / (up + 1) * odds;
                up++;
                u -= pmfUp;
                if (u < 0) {
                    return up;
                }
            } else {
                pmfUp = 0;
            }
            if (down > 0) {
                pmfDown *= (double) down / (n - down + 1) / odds;
                down--;
                u -= pmfDown;
                if (u < 0) {
                    return down;
                }
            } else {
                pmfDown = 0;
            }
        }
        return mode;
    }
}
