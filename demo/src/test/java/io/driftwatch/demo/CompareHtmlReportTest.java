package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.data.CsvDatasetReader;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.drift.FeatureDrift;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.demo.report.CompareHtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of {@code driftwatch compare --html}, on the repository's example data. */
class CompareHtmlReportTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path temp;

    @Test
    void theCompareHtmlReportOfTheExamplesRendersABarPerColumnAndMetricInChromium() throws Exception {
        Dataset reference = CsvDatasetReader.read(EXAMPLES.resolve("reference.csv"), Map.of());
        Dataset current = CsvDatasetReader.read(EXAMPLES.resolve("current.csv"), Map.of());
        List<FeatureDrift> columns = new ArrayList<>();
        for (FeatureColumn column : reference.columns()) {
            FeatureColumn other = current.column(column.name()).orElseThrow();
            columns.add(column instanceof FeatureColumn.Numeric numeric
                    ? DriftEvaluator.numericExact(column.name(), numeric.values(), ((FeatureColumn.Numeric) other).values(),
                            10, TestSelection.Thresholds.DEFAULTS)
                    : DriftEvaluator.categoricalExact(column.name(), ((FeatureColumn.Categorical) column).values(),
                            ((FeatureColumn.Categorical) other).values(), TestSelection.Thresholds.DEFAULTS));
        }
        Path report = CompareHtmlReport.of("reference.csv", "current.csv", "exact", columns).write(temp.resolve("compare.html"));

        Chromium.Page page = Chromium.load(report, Files.createDirectories(temp.resolve("profile")));

        assertThat(page.log()).doesNotContainIgnoringCase("Uncaught").doesNotContain(":ERROR:CONSOLE");
        assertThat(page.dom()).contains("<body class=\"interactive\">");
        // psi and js for all 8 columns, ks_d for the 6 numeric ones.
        assertThat(page.dom().split("<rect class=\"bar\" data-series=\"(psi|js|ks_d)\"", -1)).hasSize(8 + 8 + 6 + 1);
        assertThat(page.dom()).contains(">income<", ">channel<", ">score<");
    }
}
