package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private static final Path VECTORS = Path.of(System.getProperty("driftwatch.vectors", "../../shared/vectors"));
    private static final Path EXAMPLES = Path.of("../examples");
    private static final List<String> COLUMN_KEYS = List.of("column", "type", "n_ref", "n_cur", "psi", "ks_d", "ks_p",
            "ks_p_method", "ks_d_error_bound", "wasserstein", "js", "hellinger", "chi2", "chi2_p", "chi2_dof", "linf",
            "missing_frac", "out_of_range_frac", "unseen_frac", "test", "test_value", "threshold", "drifted", "note");

    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void exactJsonMatchesScipyAndHasEveryDocumentedKey() throws Exception {
        JsonNode report = json(CliRun.of("compare", "--reference", VECTORS.resolve("cases/05_mean_shift_1sd_ref.csv").toString(),
                "--current", VECTORS.resolve("cases/05_mean_shift_1sd_cur.csv").toString(), "--format", "json"));
        JsonNode column = report.get("columns").get(0);
        assertThat(report.get("mode").asText()).isEqualTo("exact");
        assertThat(column.fieldNames()).toIterable().containsExactlyElementsOf(COLUMN_KEYS);
        // index.json: psi 1.06244732..., ks statistic 0.411 (exact to 1e-9, both are exact computations)
        assertThat(column.get("psi").asDouble()).isCloseTo(1.0624473178737788, within(1e-9));
        assertThat(column.get("ks_d").asDouble()).isCloseTo(0.411, within(1e-9));
        assertThat(column.get("drifted").asBoolean()).isTrue();
        assertThat(column.get("chi2").isNull()).isTrue();
    }

    @Test
    void sketchModeStaysWithinItsStatedKsBound() throws Exception {
        String ref = VECTORS.resolve("cases/13_large_n200k_tiny_shift_ref.csv.gz").toString();
        String cur = VECTORS.resolve("cases/13_large_n200k_tiny_shift_cur.csv.gz").toString();
        JsonNode exact = json(CliRun.of("compare", "--reference", ref, "--current", cur, "--format", "json")).get("columns").get(0);
        JsonNode sketch = json(CliRun.of("compare", "--reference", ref, "--current", cur, "--format", "json", "--sketch"))
                .get("columns").get(0);
        assertThat(exact.get("ks_d").asDouble()).isCloseTo(0.007755, within(1e-9));
        assertThat(Math.abs(sketch.get("ks_d").asDouble() - exact.get("ks_d").asDouble()))
                .isLessThanOrEqualTo(sketch.get("ks_d_error_bound").asDouble());
        // PSI uses exact bin counts in both modes, so it agrees to rounding.
        assertThat(sketch.get("psi").asDouble()).isCloseTo(exact.get("psi").asDouble(), within(1e-12));
    }

    @Test
    void exampleDataFlagsExactlyTheShiftedColumns() throws Exception {
        JsonNode columns = json(CliRun.of("compare", "--reference", EXAMPLES.resolve("reference.csv").toString(),
                "--current", EXAMPLES.resolve("current.csv").toString(), "--format", "json")).get("columns");
        List<String> drifted = new java.util.ArrayList<>();
        columns.forEach(c -> {
            if (c.get("drifted").asBoolean()) {
                drifted.add(c.get("column").asText());
            }
        });
        assertThat(drifted).containsExactlyInAnyOrder("income", "channel", "score");
    }

    @Test
    void htmlReportIsSelfContainedAndHasAChartPerMetric() throws Exception {
        Path html = dir.resolve("compare.html");
        CliRun run = CliRun.of("compare", "--reference", EXAMPLES.resolve("reference.csv").toString(),
                "--current", EXAMPLES.resolve("current.csv").toString(), "--html", html.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("driftwatch compare: report " + html);
        String page = Files.readString(html);
        assertThat(page).contains("<svg").contains("income").contains("channel")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void raggedRowIsOneLineNamingFileAndLine() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n1,2\n3,4\n");
        Path cur = Files.writeString(dir.resolve("cur.csv"), "a,b\n1,2\n3\n");
        CliRun run = CliRun.of("compare", "--reference", ref.toString(), "--current", cur.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("driftwatch compare: " + cur + ":3: 1 fields, expected 2 as in the header");
    }

    @Test
    void textInNumericColumnMissingFileUnknownAndMissingColumnsAreClearErrors() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n1,x\n3,y\n");
        Path cur = Files.writeString(dir.resolve("cur.csv"), "a,b\n1,x\noops,y\n");
        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "a\n1\n");
        assertThat(CliRun.of("compare", "--reference", ref.toString(), "--current", cur.toString()).err())
                .contains(cur + ":3: column 'a' is numeric but 'oops' is not a finite number");
        assertThat(CliRun.of("compare", "--reference", ref.toString(), "--current", dir.resolve("none.csv").toString()).err())
                .contains("none.csv: no such file");
        assertThat(CliRun.of("compare", "--reference", ref.toString(), "--current", cur.toString(), "--categorical", "zz").err())
                .contains("no column 'zz'");
        CliRun missing = CliRun.of("compare", "--reference", ref.toString(), "--current", narrow.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("narrow.csv: no column 'b' (the file has columns [a])").doesNotContain("Exception");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThat(CliRun.of("compare", "--reference", empty.toString(), "--current", cur.toString()).err())
                .contains("empty file");
    }
}
