package io.driftwatch.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.alerting.AlertingCommand;
import picocli.CommandLine;

class SilenceCommandTest {
    @TempDir
    Path directory;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new AlertingCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(out));
        assertThat(command.execute(args)).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void addedSilenceIsListedMutesItsAlertsAndCanBeExpired() throws Exception {
        Path config = directory.resolve("alerting.yaml");
        Path silences = directory.resolve("silences.yaml");
        Files.writeString(config, "silences_file: " + silences + "\n");

        String id = run("silence", "add", "--config", config.toString(), "-m", "model=fraud", "-m", "feature=~am.*",
                "-d", "2h", "-c", "retraining", "-a", "ana").trim();

        assertThat(run("silence", "list", "--config", config.toString())).contains(id, "active", "ana", "retraining");
        Silence silence = new SilenceFile(silences).read().get(0);
        Instant now = Instant.now();
        assertThat(silence.mutes(Map.of("model", "fraud", "feature", "amount"), now)).isTrue();
        assertThat(silence.mutes(Map.of("model", "fraud", "feature", "age"), now)).isFalse();

        run("silence", "expire", "--silences-file", silences.toString(), id);

        assertThat(run("silence", "list", "--silences-file", silences.toString())).doesNotContain(id);
        assertThat(run("silence", "list", "--all", "--silences-file", silences.toString())).contains(id, "expired");
    }
}
