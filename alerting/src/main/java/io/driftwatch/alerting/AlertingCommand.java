package io.driftwatch.alerting;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.ConfigException;
import io.driftwatch.alerting.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alerting --config alerting.yaml}: runs the service until SIGTERM/Ctrl-C. The driftwatch
 * CLI adds this class as its {@code alerting} subcommand; {@link #main} runs it alone.
 */
@Command(name = "alerting", mixinStandardHelpOptions = true, subcommands = SilenceCommand.class,
        description = "Routes drift alerts from Kafka to Slack, PagerDuty, email and the log (see alerting/README.md).")
public final class AlertingCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "The alerting configuration (YAML).")
    Path config;

    @Option(names = "--check", description = "Only validate the configuration and exit (0 = valid).")
    boolean checkOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--config=FILE'");
        }
        AlertingConfig loaded;
        try {
            loaded = ConfigLoader.withSystemEnvironment().load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return 2;
        }
        if (checkOnly) {
            spec.commandLine().getOut().println(config + ": valid");
            return 0;
        }
        AlertingService service = new AlertingService(loaded).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "alerting-shutdown"));
        service.awaitTermination();
        return 0;
    }

    public static void main(String[] args) {
        // Set before the first logger is created; the driftwatch CLI configures logging itself.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "driftwatch-alerting-log4j2.properties");
        }
        System.exit(new CommandLine(new AlertingCommand()).execute(args));
    }
}
