package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.baseline.BaselineFiles;
import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.calibration.Calibrator;
import io.driftwatch.core.calibration.MonitoredMetric;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {
    @TempDir
    Path dir;

    @Test
    void builtBaselineIsReadableAndShown() throws Exception {
        Path out = dir.resolve("baseline.avro");
        CliRun build = CliRun.of("baseline", "build", "--input", "../examples/reference.csv", "--model", "credit",
                "--version", "v1", "--out", out.toString(), "--score-column", "score");
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("credit/v1, 5000 rows, 5 numeric and 2 categorical features");

        Baseline baseline = BaselineFiles.read(out);
        assertThat(baseline.getPredictionScore().getName()).isEqualTo("score");
        assertThat(baseline.getNumericFeatures()).hasSize(5).allSatisfy(f -> assertThat(f.getBinFractions()).hasSize(10));

        CliRun show = CliRun.of("baseline", "show", out.toString());
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("model credit version v1").contains("income").contains("channel");
        CliRun json = CliRun.of("baseline", "show", out.toString(), "--format", "json");
        assertThat(json.out()).contains("\"model_id\":\"credit\"");
    }

    @Test
    void calibrateStoresThresholdsTheJobsLookupReadsAndTheSameSeedRepeatsThem() throws Exception {
        Path out = dir.resolve("calibrated.avro");
        CliRun build = calibratedBuild(out, "7");
        assertThat(build.exitCode()).as(build.err()).isZero();
        // 5 numeric features and the score × (psi, ks_d, wasserstein) + 2 categorical × (psi, js)
        assertThat(build.out()).contains("calibrated 22 of 22 alert series to 1.0 false alarm(s) per PT720H"
                + " at 100 events per PT1H window");

        Baseline baseline = BaselineFiles.read(out);
        BaselineCalibration calibration = baseline.getCalibration();
        assertThat(calibration.getMethod()).isEqualTo(Calibrator.METHOD);
        assertThat(calibration.getEventsPerWindow()).isEqualTo(100);
        assertThat(calibration.getSeed()).isEqualTo(7);
        CalibratedThresholds lookup = CalibratedThresholds.of(baseline);
        assertThat(calibration.getThresholds()).allSatisfy(stored -> {
            var window = lookup.forWindow(stored.getFeature(),
                    MonitoredMetric.ofFieldName(stored.getMetric()).orElseThrow(), 100);
            assertThat(window.provenance()).isEqualTo(CalibratedThresholds.Provenance.CALIBRATED);
            assertThat(window.threshold().warning()).isEqualTo(stored.getWarning());
        });
        assertThat(lookup.forWindow("score", MonitoredMetric.PSI, 100).provenance())
                .isEqualTo(CalibratedThresholds.Provenance.CALIBRATED);

        Path again = dir.resolve("again.avro");
        assertThat(calibratedBuild(again, "7").exitCode()).isZero();
        assertThat(BaselineFiles.read(again).getCalibration()).isEqualTo(calibration);
    }

    @Test
    void calibrationOptionsWithoutCalibrateOrTheWindowSizeAreRefused() {
        CliRun withoutCalibrate = CliRun.of("baseline", "build", "--input", "../examples/reference.csv", "--model",
                "credit", "--version", "v1", "--out", dir.resolve("b.avro").toString(), "--false-alarms", "2");
        assertThat(withoutCalibrate.exitCode()).isEqualTo(2);
        assertThat(withoutCalibrate.err()).contains("--calibrate");
        CliRun withoutSize = CliRun.of("baseline", "build", "--input", "../examples/reference.csv", "--model",
                "credit", "--version", "v1", "--out", dir.resolve("b.avro").toString(), "--calibrate");
        assertThat(withoutSize.exitCode()).isEqualTo(2);
        assertThat(withoutSize.err()).contains("--events-per-window");
    }

    private CliRun calibratedBuild(Path out, String seed) {
        return CliRun.of("baseline", "build", "--input", "../examples/reference.csv", "--model", "credit",
                "--version", "v1", "--out", out.toString(), "--score-column", "score", "--calibrate",
                "--events-per-window", "100", "--seed", seed);
    }

    @Test
    void notABaselineFileIsAClearError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.avro"), "hello");
        CliRun run = CliRun.of("baseline", "show", junk.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(junk + ": not a driftwatch baseline file");
    }
}
