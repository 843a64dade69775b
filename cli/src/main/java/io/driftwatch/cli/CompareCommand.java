package io.driftwatch.cli;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.data.CsvDatasetReader;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.DatasetException;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.drift.FeatureDrift;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.demo.report.CompareHtmlReport;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftwatch compare}: drift of every column of a current CSV against a reference CSV.
 *
 * <p>Exact by default (all values in memory). {@code --sketch} runs the streaming job's path instead:
 * a baseline built from the reference (KLL k = 2000) against a window profile of the current data
 * (KLL k = 200), so a user can see how far the sketches move KS and Wasserstein on their data.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a current CSV with a reference CSV, column by column.")
public final class CompareCommand implements Callable<Integer> {
    /** How the report is printed. */
    enum Format { table, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "REF.csv",
            description = "Reference data (e.g. training data), CSV with a header; .gz allowed.")
    Path reference;

    @Option(names = "--current", required = true, paramLabel = "CUR.csv",
            description = "Current data with the reference's columns, CSV with a header; .gz allowed.")
    Path current;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--bins", defaultValue = "10", description = "Quantile bins for PSI (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--categorical", split = ",", paramLabel = "COLUMN",
            description = "Columns to treat as categorical even if they look numeric.")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--sketch", description = "Use the streaming job's sketches instead of exact computation.")
    boolean sketch;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML report (inline SVG, opens without network).")
    Optional<Path> html;

    @Override
    public Integer call() throws DatasetException, IOException {
        BaselineOptions options = new BaselineOptions(bins, BaselineOptions.DEFAULTS.sketchK(),
                BaselineOptions.DEFAULTS.maxCategories());
        Map<String, ColumnKind> forced = new LinkedHashMap<>();
        categorical.forEach(name -> forced.put(name, ColumnKind.CATEGORICAL));
        Dataset ref = CsvDatasetReader.read(reference, forced);
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        ref.columns().forEach(column -> kinds.put(column.name(), ColumnKind.of(column)));
        Dataset cur = CsvDatasetReader.read(current, kinds);
        Set<String> extra = new LinkedHashSet<>();
        cur.columns().forEach(column -> extra.add(column.name()));
        List<ComparisonReport.Row> rows = new ArrayList<>();
        for (FeatureColumn refColumn : ref.columns()) {
            FeatureColumn curColumn = cur.column(refColumn.name()).orElseThrow();
            extra.remove(refColumn.name());
            rows.add(compare(refColumn, curColumn, options));
        }
        if (!extra.isEmpty()) {
            spec.commandLine().getErr().println("driftwatch compare: ignoring columns not in the reference: " + extra);
        }
        ComparisonReport report = new ComparisonReport(reference.toString(), current.toString(),
                sketch ? "sketch" : "exact", bins, rows);
        spec.commandLine().getOut().print(format == Format.json ? report.toJson() : report.toTable());
        spec.commandLine().getOut().flush();
        if (html.isPresent()) {
            Path written = CompareHtmlReport.of(reference.toString(), current.toString(), report.mode(),
                    rows.stream().map(ComparisonReport.Row::drift).filter(Objects::nonNull).toList()).write(html.get());
            spec.commandLine().getErr().println("driftwatch compare: report " + written);
        }
        return 0;
    }

    private ComparisonReport.Row compare(FeatureColumn ref, FeatureColumn cur, BaselineOptions options) {
        TestSelection.Thresholds thresholds = TestSelection.Thresholds.DEFAULTS;
        List<String> ignoredWarnings = new ArrayList<>();
        if (ref instanceof FeatureColumn.Numeric refNumeric) {
            double[] curValues = ((FeatureColumn.Numeric) cur).values();
            Optional<NumericFeatureBaseline> baseline = BaselineBuilder.numeric(refNumeric, options, ignoredWarnings);
            if (baseline.isEmpty()) {
                return ComparisonReport.Row.skipped(ref.name(), ColumnKind.NUMERIC, "no values in the reference");
            }
            if (!sketch) {
                return ComparisonReport.Row.of(DriftEvaluator.numericExact(ref.name(), refNumeric.values(), curValues,
                        bins, thresholds));
            }
            NumericFeatureBaseline b = baseline.get();
            NumericProfile profile = NumericProfile.create(b.getBinEdges().stream().mapToDouble(Double::doubleValue)
                    .toArray(), b.getMin(), b.getMax(), NumericProfile.DEFAULT_WINDOW_K);
            for (double value : curValues) {
                profile.add(Double.isNaN(value) ? null : value);
            }
            return ComparisonReport.Row.of(DriftEvaluator.numeric(b, profile, thresholds));
        }
        FeatureColumn.Categorical refCategorical = (FeatureColumn.Categorical) ref;
        String[] curValues = ((FeatureColumn.Categorical) cur).values();
        Optional<CategoricalFeatureBaseline> baseline = BaselineBuilder.categorical(refCategorical, options,
                ignoredWarnings);
        if (baseline.isEmpty()) {
            return ComparisonReport.Row.skipped(ref.name(), ColumnKind.CATEGORICAL, "no values in the reference");
        }
        if (!sketch) {
            return ComparisonReport.Row.of(DriftEvaluator.categoricalExact(ref.name(), refCategorical.values(),
                    curValues, thresholds));
        }
        CategoricalProfile profile = CategoricalProfile.create(baseline.get().getFrequencies().keySet(),
                CategoricalProfile.DEFAULT_MAX_UNSEEN_DISTINCT);
        for (String value : curValues) {
            profile.add(value);
        }
        return ComparisonReport.Row.of(DriftEvaluator.categorical(baseline.get(), profile, thresholds));
    }
}
