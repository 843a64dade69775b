package io.driftwatch.cli;

import io.driftwatch.alerting.AlertingCommand;
import io.driftwatch.demo.DemoCommand;
import io.driftwatch.demo.LocalCommand;
import io.driftwatch.flink.cli.JobCommand;
import io.driftwatch.flink.cli.ProduceCommand;
import io.driftwatch.trainer.cli.RegistryCommand;
import io.driftwatch.trainer.cli.TrainerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftwatch} command: one entry point for every tool and service. */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Streaming drift and model monitoring.",
        subcommands = {DemoCommand.class, LocalCommand.class, CompareCommand.class, BaselineCommand.class, EvaluateCommand.class, JobCommand.class, ProduceCommand.class,
                AlertingCommand.class, TrainerCommand.class, RegistryCommand.class, CommandLine.HelpCommand.class})
public final class DriftwatchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process with their own output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new DriftwatchCommand())
                .setExecutionExceptionHandler(new OneLineErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
