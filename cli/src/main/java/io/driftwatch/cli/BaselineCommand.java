package io.driftwatch.cli;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineFiles;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.calibration.CalibrationTarget;
import io.driftwatch.core.calibration.Calibrator;
import io.driftwatch.core.calibration.NullSampling;
import io.driftwatch.core.calibration.Seeds;
import io.driftwatch.core.calibration.SketchRandomness;
import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.data.CsvDatasetReader;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.DatasetException;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import io.driftwatch.flink.cli.BaselinePublishCommand;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code driftwatch baseline build|show}: training baselines as files. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Build and inspect training baselines.",
        subcommands = {BaselineCommand.Build.class, BaselineCommand.Show.class, BaselinePublishCommand.class})
public final class BaselineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code baseline build}. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build the baseline of a model version from its training data (CSV).")
    static final class Build implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--input", required = true, paramLabel = "train.csv", description = "Training data, CSV with a header.")
        Path input;

        @Option(names = "--model", required = true, description = "Model id.")
        String model;

        @Option(names = "--version", required = true, description = "Model version.")
        String version;

        @Option(names = "--out", required = true, paramLabel = "baseline.avro", description = "Where to write the baseline.")
        Path out;

        @Option(names = "--bins", defaultValue = "10", description = "Quantile bins per numeric feature (default: ${DEFAULT-VALUE}).")
        int bins;

        @Option(names = "--categorical", split = ",", paramLabel = "COLUMN", description = "Columns to treat as categorical.")
        List<String> categorical = new ArrayList<>();

        @Option(names = "--score-column", paramLabel = "COLUMN", description = "Column holding the model's score (prediction drift).")
        Optional<String> scoreColumn;

        @Option(names = "--class-column", paramLabel = "COLUMN", description = "Column holding the predicted class (prediction drift).")
        Optional<String> classColumn;

        @ArgGroup(exclusive = false, heading = "%nCalibrated thresholds (docs/detection-quality.md):%n")
        CalibrationOptions calibration;

        /**
         * What {@code --calibrate} needs: the false-alarm promise and the traffic the thresholds are for.
         * The events per window have no default: thresholds depend on them, and the job flags windows
         * more than 2× off.
         */
        static final class CalibrationOptions {
            @Option(names = "--calibrate", required = true,
                    description = "Store drift thresholds calibrated to a false-alarm target in the baseline.")
            boolean calibrate;

            @Option(names = "--events-per-window", required = true, paramLabel = "N",
                    description = "Expected present values per feature in one window of live traffic.")
            long eventsPerWindow;

            @Option(names = "--false-alarms", defaultValue = "1",
                    description = "At most this many false alarms per model per --per (default: ${DEFAULT-VALUE}).")
            double falseAlarms;

            @Option(names = "--per", defaultValue = "30d", converter = EvaluateCommand.DurationConverter.class,
                    description = "Horizon of the false-alarm target (default: ${DEFAULT-VALUE}).")
            Duration horizon;

            @Option(names = "--window", defaultValue = "1h", converter = EvaluateCommand.DurationConverter.class,
                    description = "The drift job's window size, windows.size (default: ${DEFAULT-VALUE}).")
            Duration window;

            @Option(names = "--firing-after", defaultValue = "2",
                    description = "The job's alerts.firing-after (default: ${DEFAULT-VALUE}).")
            int firingAfter;

            @Option(names = "--seed", defaultValue = "1",
                    description = "Seed of the simulation and of the baseline's sketches: the same data and seed give"
                            + " the same baseline and thresholds (default: ${DEFAULT-VALUE}).")
            long seed;

            CalibrationTarget target() {
                try {
                    return new CalibrationTarget(falseAlarms, horizon, window, eventsPerWindow, firingAfter,
                            CalibrationTarget.DEFAULT_CRITICAL_RARITY);
                } catch (IllegalArgumentException e) {
                    throw new UserInputException("calibration: " + e.getMessage());
                }
            }
        }

        @Override
        public Integer call() throws DatasetException, IOException {
            Map<String, ColumnKind> kinds = new LinkedHashMap<>();
            categorical.forEach(name -> kinds.put(name, ColumnKind.CATEGORICAL));
            classColumn.ifPresent(name -> kinds.put(name, ColumnKind.CATEGORICAL));
            scoreColumn.ifPresent(name -> kinds.put(name, ColumnKind.NUMERIC));
            Dataset data = CsvDatasetReader.read(input, kinds);
            BaselineOptions options = new BaselineOptions(bins, BaselineOptions.DEFAULTS.sketchK(),
                    BaselineOptions.DEFAULTS.maxCategories());
            if (calibration != null) {
                // The thresholds of KS and W1 depend on the baseline's KLL sketch, whose compaction is random:
                // seed it too, or the same seed would not give the same thresholds.
                SketchRandomness.reseed(Seeds.derive(calibration.seed, "baseline"));
            }
            BaselineBuilder.Result result = BaselineBuilder.build(model, version, data,
                    new BaselineBuilder.Roles(scoreColumn, classColumn), options, Instant.now());
            Baseline b = result.baseline();
            if (calibration != null) {
                b.setCalibration(Calibrator.calibrate(b, data, calibration.target(),
                        NullSampling.defaults(calibration.seed)));
            }
            BaselineFiles.write(b, out);
            PrintWriter err = spec.commandLine().getErr();
            result.warnings().forEach(warning -> err.println("warning: " + warning));
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s/%s, %d rows, %d numeric and %d categorical features%n",
                    out, b.getModelId(), b.getModelVersion(), b.getRowCount(), b.getNumericFeatures().size(),
                    b.getCategoricalFeatures().size());
            if (b.getCalibration() != null) {
                BaselineCalibration c = b.getCalibration();
                spec.commandLine().getOut().printf(Locale.ROOT, "calibrated %d of %d alert series to %s false alarm(s)"
                                + " per %s at %d events per %s window (per-window warning probability %.3g, seed %d)%n",
                        c.getThresholds().size(), c.getSeries(), calibration.falseAlarms, calibration.horizon,
                        c.getEventsPerWindow(), calibration.window, c.getWarningWindowProbability(), c.getSeed());
            }
            return 0;
        }
    }

    /** {@code baseline show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a baseline file.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "baseline.avro", description = "Baseline file.")
        Path file;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws IOException {
            Baseline b = BaselineFiles.read(file);
            PrintWriter out = spec.commandLine().getOut();
            if (format.equalsIgnoreCase("json")) {
                out.println(new String(EventCodec.of(Baseline.class).encode(b, WireFormat.JSON), StandardCharsets.UTF_8));
                return 0;
            }
            if (!format.equalsIgnoreCase("text")) {
                throw new UserInputException("unknown format '" + format + "': use text or json");
            }
            out.printf(Locale.ROOT, "model %s version %s, built %s from %s, %d rows%n", b.getModelId(),
                    b.getModelVersion(), b.getCreatedAt(), b.getSource(), b.getRowCount());
            out.printf(Locale.ROOT, "%n%-24s %10s %8s %12s %12s %12s %12s%n", "numeric feature", "count", "missing",
                    "min", "mean", "std", "max");
            for (NumericFeatureBaseline f : b.getNumericFeatures()) {
                out.printf(Locale.ROOT, "%-24s %10d %7.2f%% %12.4g %12.4g %12.4g %12.4g%n", f.getName(), f.getCount(),
                        100 * f.getMissingFraction(), f.getMin(), f.getMean(), f.getStdDev(), f.getMax());
            }
            out.printf(Locale.ROOT, "%n%-24s %10s %8s %s%n", "categorical feature", "count", "missing", "top categories");
            for (CategoricalFeatureBaseline f : b.getCategoricalFeatures()) {
                StringBuilder top = new StringBuilder();
                f.getFrequencies().entrySet().stream().limit(5).forEach(e -> top.append(String.format(Locale.ROOT,
                        "%s=%.1f%% ", e.getKey(), 100 * e.getValue())));
                if (f.getOtherFraction() > 0) {
                    top.append(String.format(Locale.ROOT, "other=%.1f%%", 100 * f.getOtherFraction()));
                }
                out.printf(Locale.ROOT, "%-24s %10d %7.2f%% %s%n", f.getName(), f.getCount(), 100 * f.getMissingFraction(),
                        top.toString().trim());
            }
            if (b.getPredictionScore() != null) {
                out.printf(Locale.ROOT, "%nprediction score '%s': mean %.4g, std %.4g%n", b.getPredictionScore().getName(),
                        b.getPredictionScore().getMean(), b.getPredictionScore().getStdDev());
            }
            return 0;
        }
    }
}
