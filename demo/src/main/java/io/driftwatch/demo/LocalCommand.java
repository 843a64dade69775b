package io.driftwatch.demo;

import io.driftwatch.demo.observe.LiveConsole;
import io.driftwatch.demo.observe.RunRecorder;
import io.driftwatch.demo.observe.TopicWatcher;
import io.driftwatch.demo.stack.EmbeddedStack;
import io.driftwatch.demo.stack.StackConfigs;
import io.driftwatch.demo.stack.StackTopics;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import io.driftwatch.trainer.config.TrainerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftwatch local}: the embedded stack without the simulator, for trying driftwatch with
 * one's own producers (any language: single-object Avro or JSON) until Ctrl-C.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run Kafka, the drift job and alerting (and the trainer with --trainer-config) in this JVM until"
                + " stopped, for your own producers. Prints the broker address, the topics and a table of evaluated windows.",
                "INFLUX_URL, when set, is where the job writes its metrics (overriding the configuration's influxdb.url)."})
public final class LocalCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "job.yaml",
            description = "Drift job configuration, as for 'driftwatch job' (its Kafka address is replaced by the"
                    + " embedded broker's). Default: 1-minute windows, any model, InfluxDB only if INFLUX_URL is set.")
    Optional<Path> config;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Port of the embedded broker on localhost (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--trainer-config", paramLabel = "trainer.yaml",
            description = "Also run the trainer with this configuration (its Kafka address is replaced).")
    Optional<Path> trainerConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Optional<String> influxUrl = Optional.ofNullable(System.getenv("INFLUX_URL")).filter(url -> !url.isBlank());
        JobConfig configured = config.map(JobConfigLoader::load)
                .orElseGet(() -> StackConfigs.defaultJob(influxUrl.orElse(StackConfigs.DEFAULT_INFLUX_URL), List.of()));
        JobConfig job = influxUrl.map(url -> configured.withInflux(configured.influxdb().withUrl(url))).orElse(configured);
        boolean writeInflux = config.isPresent() || influxUrl.isPresent();
        Optional<Function<String, TrainerConfig>> trainer = trainerConfig.map(file -> {
            TrainerConfig loaded = io.driftwatch.trainer.config.ConfigLoader.withSystemEnvironment().load(file);
            return bootstrap -> withBootstrap(loaded, bootstrap);
        });
        PrintWriter out = spec.commandLine().getOut();
        LiveConsole console = new LiveConsole(out, job);
        RunRecorder recorder = new RunRecorder(console);
        return DemoCommand.runUntilDone(this::stop, () -> {
            try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Options(job, writeInflux,
                    OptionalInt.of(kafkaPort), trainer, System::getenv), recorder::accept);
                 TopicWatcher watcher = new TopicWatcher(stack.broker().consumerConfig("local-watcher"), recorder,
                         stack.job().topics().alerts(), stack.job().topics().retrainRequests(), StackTopics.MODEL_DEPLOYMENTS)) {
                describe(out, stack, writeInflux);
                while (!stopRequested.await(2, TimeUnit.SECONDS)) {
                    Optional<org.apache.flink.api.common.JobStatus> ended = stack.jobEnded();
                    if (ended.isPresent()) {
                        out.println("the drift job stopped (" + ended.get() + "); see the log above");
                        return 1;
                    }
                }
                out.println("stopping ...");
                return 0;
            }
        });
    }

    /** Stops the stack, as Ctrl-C or SIGTERM do; {@link #call()} returns once everything is closed. */
    public void stop() {
        stopRequested.countDown();
    }

    private static void describe(PrintWriter out, EmbeddedStack stack, boolean writeInflux) {
        String bootstrap = stack.bootstrapServers();
        out.println("driftwatch local: Kafka (KRaft) at " + bootstrap);
        out.println("topics:");
        stack.topics().described().forEach((topic, what) -> out.printf("  %-22s %s%n", topic, what));
        out.println("drift job: windows of " + stack.job().windows().size().toSeconds() + " s, InfluxDB "
                + (writeInflux ? stack.job().influxdb().url() : "not written (set INFLUX_URL)")
                + "; alerting: console receiver" + (stack.trainer().isPresent() ? "; trainer running" : ""));
        out.println("publish a baseline:  driftwatch baseline publish baseline.avro --bootstrap " + bootstrap);
        out.println("send events:         driftwatch produce --input events.csv --model M --version V --bootstrap " + bootstrap);
        out.println("Ctrl-C stops.");
        out.flush();
    }

    private static TrainerConfig withBootstrap(TrainerConfig config, String bootstrap) {
        TrainerConfig.Kafka kafka = config.kafka();
        return new TrainerConfig(new TrainerConfig.Kafka(bootstrap, kafka.groupId(), kafka.properties(),
                kafka.propertiesFromEnv(), kafka.secretProperties()), config.topics(), config.registry(), config.service(),
                config.models());
    }
}
