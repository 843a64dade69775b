package io.driftwatch.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultinomialTest {
    @ParameterizedTest
    @CsvSource({"10, 0.3", "1000, 0.02", "100000, 0.1", "1000000, 0.7"})
    void binomialDrawsHaveTheBinomialMeanAndVariance(long n, double p) {
        SplittableRandom random = new SplittableRandom(3);
        int draws = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            long x = Multinomial.binomial(n, p, random);
            assertThat(x).isBetween(0L, n);
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / draws;
        double variance = squares / draws - mean * mean;
        double npq = n * p * (1 - p);
        // Mean within 4 standard errors √(npq/draws); the sample variance's relative standard error is
        // ≈ √(2/draws) = 1% for a near-normal count, so 5% is 5 of them (the n = 10 case is skewed, still well inside).
        assertThat(Math.abs(mean - n * p)).isLessThan(4 * Math.sqrt(npq / draws));
        assertThat(variance / npq).isBetween(0.95, 1.05);
    }

    @Test
    void multinomialCountsSumToNAndFollowTheProbabilities() {
        SplittableRandom random = new SplittableRandom(5);
        double[] probabilities = {0.5, 0.25, 0.0, 0.125, 0.125};
        long[] totals = new long[probabilities.length];
        for (int i = 0; i < 2_000; i++) {
            long[] counts = Multinomial.draw(1_000, probabilities, random);
            assertThat(Arrays.stream(counts).sum()).isEqualTo(1_000);
            assertThat(counts[2]).isZero();
            for (int k = 0; k < counts.length; k++) {
                totals[k] += counts[k];
            }
        }
        for (int k = 0; k < probabilities.length; k++) {
            double expected = 2_000_000 * probabilities[k];
            // 4 binomial standard errors of the total, √(N p (1 − p)) ≤ 707
            assertThat(Math.abs(totals[k] - expected)).isLessThanOrEqualTo(4 * Math.sqrt(expected * (1 - probabilities[k])));
        }
    }
}
