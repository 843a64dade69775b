package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluateCommandTest {
    /** The command is not yet a subcommand of {@code driftwatch} (the lead wires it), so run it directly. */
    private static CliRun evaluate(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine commandLine = new CommandLine(new EvaluateCommand()).setExecutionExceptionHandler(new OneLineErrors());
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    private static final String[] SMALL = {"--days", "1", "--drift-streams", "1", "--events-per-window", "1000",
        "--bin-replicates", "1000", "--value-replicates", "200", "--seed", "5"};

    @Test
    void jsonReportsBothThresholdSetsForEachScenario() throws Exception {
        CliRun run = evaluate(concat(SMALL, "--scenario", "stationary,shift-1sd-one", "--format", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("series").asInt()).isEqualTo(34);
        JsonNode shift = report.get("scenarios").get(1);
        assertThat(shift.get("scenario").asText()).isEqualTo("shift-1sd-one");
        assertThat(shift.get("calibrated").get("detected").asInt()).isEqualTo(1);
        assertThat(shift.get("fixed").has("delays")).isTrue();
        assertThat(report.get("scenarios").get(0).get("model_days").asDouble()).isEqualTo(1.0);
    }

    @Test
    void tableNamesTheTargetAndEveryScenarioRun() {
        CliRun run = evaluate(concat(SMALL, "--scenario", "categorical-mix", "--window", "30m"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1000 events/window, PT30M windows").contains("categorical-mix");
    }

    @Test
    void unknownScenarioAndBadDurationAreOneLineErrors() {
        CliRun unknown = evaluate("--scenario", "tsunami");
        CliRun badWindow = evaluate("--window", "an hour");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown scenario 'tsunami'; known: stationary,");
        assertThat(badWindow.exitCode()).isEqualTo(2);
        assertThat(badWindow.err()).contains("'an hour' is not a duration");
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
