package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CBPE against the truth on synthetic streams whose labels are drawn from a known probability: the
 * model's score is a distorted (overconfident) version of that probability, so the calibration map has
 * real work to do.
 */
class CbpeTest {
    /** True P(positive) for a latent draw, and the model's overconfident score of it. */
    private record Example(double score, boolean positive) {}

    private static Example draw(Random random, boolean conceptDrift) {
        double truth = 1 / (1 + Math.exp(-1.5 * random.nextGaussian()));
        double score = Math.pow(truth, 2) / (Math.pow(truth, 2) + Math.pow(1 - truth, 2));
        boolean positive = random.nextDouble() < (conceptDrift ? 1 - truth : truth);
        return new Example(score, positive);
    }

    private static CbpeCalibration fitOnHoldOut(Random random, int rows) {
        double[] scores = new double[rows];
        boolean[] positive = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            Example e = draw(random, false);
            scores[i] = e.score();
            positive[i] = e.positive();
        }
        return CbpeCalibration.fit(scores, positive, "yes", 0.5);
    }

    @Test
    void estimatedAccuracyTracksRealizedAccuracyOnAStationaryStream() {
        Random random = new Random(7);
        CbpeCalibration calibration = fitOnHoldOut(random, 5_000);
        int windows = 40;
        int outside = 0;
        for (int w = 0; w < windows; w++) {
            CbpeEstimate estimate = new CbpeEstimate();
            BinaryClassification realized = new BinaryClassification();
            for (int i = 0; i < 1_000; i++) {
                Example e = draw(random, false);
                estimate.add(calibration, e.score());
                realized.add(e.positive(), e.score() >= 0.5, e.score());
            }
            double gap = Math.abs(estimate.metrics().accuracy() - realized.metrics().accuracy());
            // Sampling noise of the window (about 0.013 here) plus the map's own error from 5,000
            // hold-out rows in 20 bins (about 0.005 averaged over bins): 3 standard errors + 0.01.
            if (gap > 3 * estimate.accuracyStandardError() + 0.01) {
                outside++;
            }
        }
        // At 3σ, about 0.3% of windows fall outside by chance: allow 1 of 40.
        assertThat(outside).isLessThanOrEqualTo(1);
    }

    @Test
    void conceptDriftIsInvisibleToTheEstimate() {
        // The documented failure mode: labels flip while the scores keep their distribution, so the
        // estimate stays where it was and only the realized accuracy shows the collapse.
        Random random = new Random(11);
        CbpeCalibration calibration = fitOnHoldOut(random, 5_000);
        CbpeEstimate estimate = new CbpeEstimate();
        BinaryClassification realized = new BinaryClassification();
        for (int i = 0; i < 5_000; i++) {
            Example e = draw(random, true);
            estimate.add(calibration, e.score());
            realized.add(e.positive(), e.score() >= 0.5, e.score());
        }
        assertThat(estimate.metrics().accuracy()).isGreaterThan(0.7);
        assertThat(realized.metrics().accuracy()).isLessThan(0.3);
    }

    @Test
    void expectedConfusionMatrixMatchesHandComputation() {
        // Calibration: 100 rows with score 0.2 (20 positive), 100 with score 0.8 (60 positive).
        double[] scores = new double[200];
        boolean[] positive = new boolean[200];
        for (int i = 0; i < 200; i++) {
            scores[i] = i < 100 ? 0.2 : 0.8;
            positive[i] = i < 100 ? i < 20 : i < 160;
        }
        CbpeCalibration calibration = CbpeCalibration.fit(scores, positive, "yes", 0.5);
        assertThat(calibration.bins()).isEqualTo(2);
        assertThat(calibration.probability(0.1)).isCloseTo(0.2, within(1e-12));
        assertThat(calibration.probability(0.9)).isCloseTo(0.6, within(1e-12));
        CbpeEstimate estimate = new CbpeEstimate();
        estimate.add(calibration, 0.9);  // predicted positive, p = 0.6: TP 0.6, FP 0.4
        estimate.add(calibration, 0.1);  // predicted negative, p = 0.2: FN 0.2, TN 0.8
        PerformanceMetrics m = estimate.metrics();
        assertThat(m.accuracy()).isCloseTo((0.6 + 0.8) / 2, within(1e-12));
        assertThat(m.precision()).isCloseTo(0.6, within(1e-12));
        assertThat(m.recall()).isCloseTo(0.6 / 0.8, within(1e-12));
        assertThat(m.f1()).isCloseTo(1.2 / (1.2 + 0.4 + 0.2), within(1e-12));
        assertThat(estimate.accuracyStandardError()).isCloseTo(Math.sqrt(0.24 + 0.16) / 2, within(1e-12));
        assertThat(CbpeEstimate.fromBytes(estimate.toBytes()).metrics()).isEqualTo(m);
    }

    @Test
    void calibrationSurvivesTheBaselineRecord() {
        CbpeCalibration calibration = fitOnHoldOut(new Random(3), 2_000);
        CbpeCalibration copy = CbpeCalibration.fromAvro(calibration.toAvro());
        for (double s = 0; s <= 1; s += 0.01) {
            assertThat(copy.probability(s)).isEqualTo(calibration.probability(s));
        }
        assertThat(calibration.toAvro().getHoldOutRows()).isEqualTo(2_000);
        assertThat(calibration.bins()).isEqualTo(CbpeCalibration.MAX_BINS);
    }

    @Test
    void tooSmallAHoldOutIsRefusedWithAReason() {
        assertThatThrownBy(() -> CbpeCalibration.fit(new double[10], new boolean[10], "yes", 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 50");
    }

    @Test
    void emptyWindowHasNoEstimate() {
        assertThat(new CbpeEstimate().metrics()).isEqualTo(PerformanceMetrics.NONE);
        assertThat(new CbpeEstimate().accuracyStandardError()).isNaN();
    }
}
