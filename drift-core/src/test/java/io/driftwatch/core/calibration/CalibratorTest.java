package io.driftwatch.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CalibratedThreshold;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibratorTest {
    private static final Dataset TRAINING = CalibrationFixtures.training();
    private static final Baseline BASELINE = CalibrationFixtures.baseline(TRAINING);
    private static final NullSampling SMALL = new NullSampling(2_000, 300, 11);

    @Test
    void sameSeedGivesIdenticalThresholdsAndAnotherSeedDoesNot() {
        BaselineCalibration first = Calibrator.calibrate(BASELINE, TRAINING, CalibrationFixtures.monthlyTarget(1000), SMALL);
        BaselineCalibration again = Calibrator.calibrate(BASELINE, TRAINING, CalibrationFixtures.monthlyTarget(1000), SMALL);
        BaselineCalibration otherSeed = Calibrator.calibrate(BASELINE, TRAINING, CalibrationFixtures.monthlyTarget(1000),
                new NullSampling(2_000, 300, 12));

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed.getThresholds()).isNotEqualTo(first.getThresholds());
    }

    @Test
    void recordsTheTargetAndSplitsItOverEverySeries() {
        BaselineCalibration calibration = Calibrator.calibrate(BASELINE, TRAINING,
                CalibrationFixtures.monthlyTarget(1000), SMALL);

        // 2 numeric features × (psi, ks_d, wasserstein) + 1 categorical × (psi, js)
        assertThat(calibration.getSeries()).isEqualTo(8);
        assertThat(calibration.getThresholds()).hasSize(8);
        // (share·F / (W·S))^(1/N) with share = 0.5, F = 1, W = 720 hourly windows in 30 days, S = 8, N = 2
        assertThat(calibration.getWarningWindowProbability()).isCloseTo(Math.sqrt(0.5 / (720 * 8)), within(1e-15));
        assertThat(calibration.getCriticalWindowProbability())
                .isCloseTo(calibration.getWarningWindowProbability() / 100, within(1e-15));
        assertThat(calibration.getMethod()).isEqualTo(Calibrator.METHOD);
        calibration.getThresholds().forEach(t -> assertThat(t.getCritical()).isGreaterThan(t.getWarning()));
    }

    @Test
    void biggerWindowsGetTighterThresholdsRoughlyAsTheNullScales() {
        Map<String, Double> small = warnings(Calibrator.calibrate(BASELINE, TRAINING,
                CalibrationFixtures.monthlyTarget(500), SMALL));
        Map<String, Double> large = warnings(Calibrator.calibrate(BASELINE, TRAINING,
                CalibrationFixtures.monthlyTarget(5000), SMALL));

        double m = CalibrationFixtures.TRAINING_ROWS;
        double varianceRatio = (1 / 5000.0 + 1 / m) / (1 / 500.0 + 1 / m); // 0.127
        large.forEach((series, warning) -> {
            assertThat(warning).as(series).isLessThan(small.get(series));
            double ratio = warning / small.get(series);
            if (series.endsWith("/psi") || series.endsWith("/js")) {
                // Exact bin counts: the asymptotic law holds to its O(1/n) correction and the tail fits'
                // noise (2 000 replicates each side): within ±20%.
                double expected = series.endsWith("/psi") ? varianceRatio : Math.sqrt(varianceRatio);
                assertThat(ratio).as(series).isBetween(expected * 0.8, expected * 1.2);
            } else {
                // KS D and W1 come from the window's KLL sketch (k = 200), whose rank error does not shrink
                // with n, so at 5 000 values the null is wider than √ratio predicts — up to 1.4× on the
                // skewed income feature's W1. Band: 0.8 … 1.6 × √ratio.
                assertThat(ratio).as(series).isBetween(Math.sqrt(varianceRatio) * 0.8, Math.sqrt(varianceRatio) * 1.6);
            }
        });
    }

    private static Map<String, Double> warnings(BaselineCalibration calibration) {
        Map<String, Double> warnings = new HashMap<>();
        for (CalibratedThreshold t : calibration.getThresholds()) {
            warnings.put(t.getFeature() + "/" + t.getMetric(), t.getWarning());
        }
        return warnings;
    }
}
