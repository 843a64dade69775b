package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.baseline.BaselineFiles;
import io.driftwatch.events.Baseline;
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
    void notABaselineFileIsAClearError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.avro"), "hello");
        CliRun run = CliRun.of("baseline", "show", junk.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(junk + ": not a driftwatch baseline file");
    }
}
