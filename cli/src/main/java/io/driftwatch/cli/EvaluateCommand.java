package io.driftwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.calibration.NullSampling;
import io.driftwatch.core.evaluation.EvaluationConfig;
import io.driftwatch.core.evaluation.EvaluationHarness;
import io.driftwatch.core.evaluation.EvaluationReport;
import io.driftwatch.core.evaluation.EvaluationReport.Outcome;
import io.driftwatch.core.evaluation.EvaluationReport.ScenarioResult;
import io.driftwatch.core.evaluation.EvaluationReport.ThresholdSet;
import io.driftwatch.core.evaluation.Scenario;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftwatch evaluate}: detection quality of fixed versus calibrated thresholds on seeded
 * synthetic streams ({@link EvaluationHarness}); docs/detection-quality.md explains the figures.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure false alarms and detection delay of fixed vs calibrated thresholds on synthetic streams.")
public final class EvaluateCommand implements Callable<Integer> {
    /** How the report is printed. */
    enum Format { table, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--days", defaultValue = "30",
            description = "Model-days simulated for each scenario without drift (default: ${DEFAULT-VALUE}).")
    double days;

    @Option(names = "--drift-streams", defaultValue = "3",
            description = "Streams per drift scenario, each with its own baseline (default: ${DEFAULT-VALUE}).")
    int driftStreams;

    @Option(names = "--events-per-window", defaultValue = "10000",
            description = "Events per window, every feature present (default: ${DEFAULT-VALUE}).")
    int eventsPerWindow;

    @Option(names = "--training-rows", description = "Rows of each training set (default: 50 x events per window).")
    Integer trainingRows;

    @Option(names = "--window", defaultValue = "1h", converter = DurationConverter.class,
            description = "Window length: 30m, 1h, 1d or ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--false-alarms", defaultValue = "1",
            description = "Calibration target: false alarms per model per horizon (default: ${DEFAULT-VALUE}).")
    double falseAlarms;

    @Option(names = "--horizon", defaultValue = "30d", converter = DurationConverter.class,
            description = "Horizon of the target (default: ${DEFAULT-VALUE}).")
    Duration horizon;

    @Option(names = "--firing-after", defaultValue = "2",
            description = "Consecutive breaching windows before an alert fires (default: ${DEFAULT-VALUE}).")
    int firingAfter;

    @Option(names = "--bin-replicates", defaultValue = "" + NullSampling.DEFAULT_BIN_REPLICATES,
            description = "Simulated null windows per feature for PSI/JS (default: ${DEFAULT-VALUE}).")
    int binReplicates;

    @Option(names = "--value-replicates", defaultValue = "" + NullSampling.DEFAULT_VALUE_REPLICATES,
            description = "Simulated null windows per numeric feature for KS/Wasserstein (default: ${DEFAULT-VALUE}).")
    int valueReplicates;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the whole run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", split = ",", paramLabel = "NAME",
            description = "Scenarios to run (default: all): ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        List<Scenario> chosen = scenarios.isEmpty() ? Scenario.catalog() : scenarios.stream()
                .map(name -> Scenario.named(name).orElseThrow(() -> new UserInputException("unknown scenario '" + name
                        + "'; known: " + String.join(", ", new ScenarioNames()))))
                .toList();
        EvaluationConfig config = new EvaluationConfig(days, driftStreams, eventsPerWindow,
                trainingRows == null ? 50 * eventsPerWindow : trainingRows, window, falseAlarms, horizon,
                new AlertRule(firingAfter, AlertRule.DEFAULT.resolveAfter()),
                new NullSampling(binReplicates, valueReplicates, seed), seed, chosen);
        EvaluationReport report = EvaluationHarness.run(config);
        spec.commandLine().getOut().print(format == Format.json ? toJson(report) : toTable(report));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String toTable(EvaluationReport report) {
        EvaluationConfig c = report.config();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d events/window, %s windows, target %s false alarm(s) per %s"
                        + " (%.4f per model-day), firing after %d windows; %d series per model, p_warning = %.3g%n%n",
                c.eventsPerWindow(), c.window(), c.falseAlarms(), c.horizon(), report.targetFalseAlarmsPerModelDay(),
                c.rule().firingAfter(), report.series(), report.warningWindowProbability()));
        out.append(String.format(Locale.ROOT, "%-22s %10s | %-34s | %-34s%n", "scenario", "model-days",
                "fixed: FA (per day)  det/miss delay", "calibrated: FA (per day)  det/miss delay"));
        for (ScenarioResult result : report.scenarios()) {
            out.append(String.format(Locale.ROOT, "%-22s %10.1f | %-34s | %-34s%n", result.scenario(), result.modelDays(),
                    cell(result, ThresholdSet.FIXED), cell(result, ThresholdSet.CALIBRATED)));
        }
        out.append(String.format("%ndelay: drifted windows seen when the first alert on a drifted feature fired"
                + " (median/max); FA: alerts on features that did not drift.%n"));
        return out.toString();
    }

    private static String cell(ScenarioResult result, ThresholdSet set) {
        Outcome o = result.outcomes().get(set);
        String alarms = String.format(Locale.ROOT, "%d (%.3f)", o.falseAlarms(), o.falseAlarmsPerModelDay());
        if (!result.hasDrift()) {
            return alarms;
        }
        String delay = o.detected() == 0 ? "-" : String.format(Locale.ROOT, "%s/%d",
                formatMedian(o.medianDelay()), o.maxDelay());
        return String.format(Locale.ROOT, "%-17s %d/%d %s", alarms, o.detected(), o.missed(), delay);
    }

    private static String formatMedian(double median) {
        return median == Math.rint(median) ? Long.toString((long) median) : Double.toString(median);
    }

    static String toJson(EvaluationReport report) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        EvaluationConfig c = report.config();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode config = root.putObject("config");
        config.put("events_per_window", c.eventsPerWindow());
        config.put("training_rows", c.trainingRows());
        config.put("window", c.window().toString());
        config.put("false_alarms", c.falseAlarms());
        config.put("horizon", c.horizon().toString());
        config.put("firing_after", c.rule().firingAfter());
        config.put("stationary_days", c.stationaryDays());
        config.put("drift_streams", c.driftStreams());
        config.put("bin_replicates", c.sampling().binReplicates());
        config.put("value_replicates", c.sampling().valueReplicates());
        config.put("seed", c.seed());
        root.put("series", report.series());
        root.put("warning_window_probability", report.warningWindowProbability());
        root.put("target_false_alarms_per_model_day", report.targetFalseAlarmsPerModelDay());
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioResult result : report.scenarios()) {
            ObjectNode scenario = scenarios.addObject();
            scenario.put("scenario", result.scenario());
            scenario.put("description", result.description());
            scenario.put("has_drift", result.hasDrift());
            scenario.put("streams", result.streams());
            scenario.put("model_days", result.modelDays());
            for (ThresholdSet set : ThresholdSet.values()) {
                Outcome o = result.outcomes().get(set);
                ObjectNode outcome = scenario.putObject(set.name().toLowerCase(Locale.ROOT));
                outcome.put("false_alarms", o.falseAlarms());
                outcome.put("false_alarms_per_model_day", o.falseAlarmsPerModelDay());
                if (result.hasDrift()) {
                    outcome.put("detected", o.detected());
                    outcome.put("missed", o.missed());
                    ArrayNode delays = outcome.putArray("delays");
                    o.delays().forEach(delays::add);
                }
            }
        }
        return mapper.writeValueAsString(root) + System.lineSeparator();
    }

    /** Scenario names, for help and completion. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Scenario.catalog().stream().map(Scenario::name).collect(Collectors.toList()).iterator();
        }
    }

    /** "30m", "1h", "7d", "90s" or an ISO-8601 duration ("PT1H"). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.matches("\\d+[smhd]")) {
                    long amount = Long.parseLong(v.substring(0, v.length() - 1));
                    return switch (v.charAt(v.length() - 1)) {
                        case 's' -> Duration.ofSeconds(amount);
                        case 'm' -> Duration.ofMinutes(amount);
                        case 'h' -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    };
                }
                return Duration.parse(value.trim());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 30m, 1h, 1d or PT1H");
            }
        }
    }
}
