package io.driftwatch.trainer.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.driftwatch.trainer.config.ConfigLoader;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.service.TrainerService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftwatch trainer --config trainer.yaml}: runs the trainer/deployer service until stopped. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Run the trainer/deployer: retrain on retrain-requests, evaluate, register, deploy.")
public final class TrainerCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "trainer YAML configuration")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        TrainerConfig loaded = ConfigLoader.withSystemEnvironment().load(config);
        TrainerService service = new TrainerService(loaded, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "trainer-shutdown"));
        service.start().awaitTermination();
        return 0;
    }

    /** The trainer's own entry point, for running it without the driftwatch CLI. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerCommand()).execute(args));
    }
}
