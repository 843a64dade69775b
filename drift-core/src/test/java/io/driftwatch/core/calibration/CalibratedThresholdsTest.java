package io.driftwatch.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.calibration.CalibratedThresholds.Provenance;
import io.driftwatch.core.calibration.CalibratedThresholds.WindowThreshold;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CalibratedThreshold;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratedThresholdsTest {
    private static final Baseline UNCALIBRATED = CalibrationFixtures.baseline(CalibrationFixtures.training());
    private static final long N_CAL = 1000;
    private static final double M = CalibrationFixtures.TRAINING_ROWS;

    private static Baseline calibrated(List<CalibratedThreshold> thresholds) {
        BaselineCalibration calibration = BaselineCalibration.newBuilder()
                .setFalseAlarmsPerHorizon(1).setHorizonMs(30L * 86_400_000).setWindowMs(3_600_000)
                .setEventsPerWindow(N_CAL).setFiringAfter(2).setSeries(8).setWarningWindowProbability(0.01)
                .setCriticalWindowProbability(1e-4).setMethod(Calibrator.METHOD).setBinReplicates(1000)
                .setValueReplicates(1000).setSeed(1).setThresholds(thresholds).build();
        return Baseline.newBuilder(UNCALIBRATED).setCalibration(calibration).build();
    }

    @Test
    void baselineWithoutCalibrationUsesTheFixedDefaults() {
        WindowThreshold threshold = CalibratedThresholds.of(UNCALIBRATED).forWindow("age", MonitoredMetric.PSI, 1000);

        assertThat(threshold.provenance()).isEqualTo(Provenance.FIXED_DEFAULT);
        assertThat(threshold.threshold()).isEqualTo(MonitoredMetric.PSI.fixedDefault());
    }

    @Test
    void seriesMissingFromTheCalibrationFallsBackToTheFixedDefaults() {
        CalibratedThresholds lookup = CalibratedThresholds.of(calibrated(List.of(
                new CalibratedThreshold("age", "psi", 0.02, 0.05))));

        assertThat(lookup.forWindow("age", MonitoredMetric.KS_D, 1000).provenance()).isEqualTo(Provenance.FIXED_DEFAULT);
        assertThat(lookup.forWindow("income", MonitoredMetric.PSI, 1000).threshold())
                .isEqualTo(MonitoredMetric.PSI.fixedDefault());
    }

    @Test
    void windowOfTheCalibratedSizeGetsTheCalibratedWarningAndAtLeastTheFixedCritical() {
        CalibratedThresholds lookup = CalibratedThresholds.of(calibrated(List.of(
                new CalibratedThreshold("age", "psi", 0.02, 0.05), new CalibratedThreshold("age", "ks_d", 0.08, 0.3))));

        WindowThreshold psi = lookup.forWindow("age", MonitoredMetric.PSI, N_CAL);
        WindowThreshold ks = lookup.forWindow("age", MonitoredMetric.KS_D, N_CAL);

        assertThat(psi.provenance()).isEqualTo(Provenance.CALIBRATED);
        assertThat(psi.threshold().warning()).isEqualTo(0.02);
        assertThat(psi.threshold().critical()).isEqualTo(0.25); // the fixed critical floor beats 0.05
        assertThat(ks.threshold().critical()).isEqualTo(0.3); // a calibrated critical above the floor stays
    }

    @Test
    void windowFourTimesSmallerIsRescaledByTheNullLawAndFlagged() {
        CalibratedThresholds lookup = CalibratedThresholds.of(calibrated(List.of(
                new CalibratedThreshold("age", "psi", 0.02, 0.05), new CalibratedThreshold("age", "ks_d", 0.08, 0.3))));

        WindowThreshold psi = lookup.forWindow("age", MonitoredMetric.PSI, 250);
        WindowThreshold ks = lookup.forWindow("age", MonitoredMetric.KS_D, 250);
        WindowThreshold slightlyLarger = lookup.forWindow("age", MonitoredMetric.PSI, 1500);

        double ratio = (1 / 250.0 + 1 / M) / (1 / 1000.0 + 1 / M);
        assertThat(psi.provenance()).isEqualTo(Provenance.EXTRAPOLATED);
        assertThat(psi.threshold().warning()).isCloseTo(0.02 * ratio, within(1e-12));
        assertThat(ks.threshold().warning()).isCloseTo(0.08 * Math.sqrt(ratio), within(1e-12));
        assertThat(slightlyLarger.provenance()).isEqualTo(Provenance.CALIBRATED);
        assertThat(slightlyLarger.threshold().warning()).isLessThan(0.02);
    }
}
