package io.driftwatch.demo;

import io.driftwatch.demo.simulate.Scenario;
import io.driftwatch.trainer.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftwatch demo}: the whole loop in one process and a few minutes, with nothing to install:
 * drift detected, alerts, retraining, a new version deployed, drift resolved, and an HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Play a drift story on an embedded stack: Kafka, the drift job, alerting, the trainer and a simulated"
                + " model service in this JVM. Ends with an HTML report.",
                "Set INFLUX_URL to also write the metrics to that InfluxDB (Grafana shows the run live);"
                        + " SLACK_WEBHOOK_URL / PAGERDUTY_ROUTING_KEY add those receivers to the console one."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "150s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Wall time of the story, e.g. 90s or 3m (default: ${DEFAULT-VALUE}); startup adds ~15 s.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "N",
            description = "Prediction events per second of wall time (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed of the simulated world (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", defaultValue = "concept-drift", paramLabel = "NAME",
            description = "concept-drift (features shift and fraud changes pattern), covariate-shift (features shift only)"
                    + " or stationary (nothing changes) (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--report", defaultValue = "driftwatch-demo-report.html", paramLabel = "FILE",
            description = "Where the HTML report goes (default: ${DEFAULT-VALUE}).")
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Parses durations the way the configuration files write them: 90s, 3m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        DemoRun.Settings settings;
        try {
            settings = new DemoRun.Settings(duration, rate, seed, Scenario.ofLabel(scenario), report,
                    Optional.ofNullable(System.getenv("INFLUX_URL")).filter(url -> !url.isBlank()), System::getenv);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DemoRun run = new DemoRun(settings, spec.commandLine().getOut());
        DemoRun.Outcome outcome = runUntilDone(run::requestStop, run::run);
        return outcome.interrupted() ? 130 : 0;
    }

    /** Something that runs until done and can be asked to stop early. */
    interface StoppableRun<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code body}; on Ctrl-C or SIGTERM asks it to stop and lets the JVM exit only once it has
     * cleaned up (the shutdown hook waits for it), so the broker's and Flink's temporary files go too.
     */
    static <T> T runUntilDone(Runnable requestStop, StoppableRun<T> body) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop.run();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "driftwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is exiting after it, as asked
            }
        }
    }
}
