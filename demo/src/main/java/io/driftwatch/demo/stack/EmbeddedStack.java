package io.driftwatch.demo.stack;

import io.driftwatch.alerting.AlertingService;
import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.flink.DriftJob;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.AvroLimits;
import io.driftwatch.flink.influx.InfluxPoint;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.service.TrainerService;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.JobStatus;

/**
 * driftwatch in one JVM: an in-JVM KRaft broker with every topic, the drift job on a Flink
 * MiniCluster (checkpointing on, so its exactly-once outputs are committed every interval), the
 * alerting service and, when configured, the trainer. {@code driftwatch demo} adds a simulated
 * model service; {@code driftwatch local} lets the user's own producers in.
 *
 * <p>Closing stops the parts in reverse order of start: job, trainer, alerting, broker.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafkaBroker broker;
    private JobConfig job;
    private JobClient jobClient;
    private TrainerService trainer;
    private TrainerConfig trainerConfig;

    /** What to start; the job's Kafka address is replaced by the embedded broker's. */
    public record Options(JobConfig job, boolean writeInflux, OptionalInt kafkaPort,
                          Optional<Function<String, TrainerConfig>> trainer, Function<String, String> environment) {}

    private EmbeddedStack() {}

    /**
     * Starts everything and submits the job; {@code points} receives every InfluxDB point the job
     * produces (also when they go to a real InfluxDB).
     */
    public static EmbeddedStack start(Options options, Consumer<InfluxPoint> points) throws Exception {
        EmbeddedStack stack = new EmbeddedStack();
        try {
            stack.startAll(options, points);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options options, Consumer<InfluxPoint> points) throws Exception {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        options.kafkaPort().ifPresent(builder::fixedPort);
        broker = builder.build().start();
        started.push(broker);
        String bootstrap = broker.bootstrapServers();
        job = options.job().withKafka(options.job().kafka().withBootstrapServers(bootstrap));
        broker.createTopics(topics().toCreate());

        AlertingService alerting = new AlertingService(
                StackConfigs.alerting(bootstrap, job.topics(), options.environment())).start();
        started.push(alerting);
        if (options.trainer().isPresent()) {
            trainerConfig = options.trainer().get().apply(bootstrap);
            trainer = new TrainerService(trainerConfig, Clock.systemUTC()).start();
            started.push(trainer);
        }

        String channel = PointListeners.register(points);
        started.push(() -> PointListeners.unregister(channel));
        AvroLimits.apply(job.validation());
        DriftJob.Sinks production = DriftJob.productionSinks(job);
        DriftJob.Sinks sinks = new DriftJob.Sinks(
                new ObservedInfluxSink(channel, options.writeInflux() ? job.influxdb() : null),
                production.alerts(), production.retrainRequests(), production.deadLetters(),
                production.labelledExamples());
        Configuration flink = new Configuration();
        // A failure ends the job and the stack reports it, instead of restarting in a loop unseen.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        jobClient = new DriftJob(job, DriftJob.kafkaSources(job), sinks).executeAsync(DriftJob.environment(job, flink));
        started.push(() -> jobClient.cancel().get(30, TimeUnit.SECONDS));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** The job's configuration as it runs (Kafka address of the embedded broker). */
    public JobConfig job() {
        return job;
    }

    public StackTopics topics() {
        return new StackTopics(job.topics());
    }

    /** The trainer's service, when the stack runs one. */
    public Optional<TrainerService> trainer() {
        return Optional.ofNullable(trainer);
    }

    /** The trainer's configuration as it runs, when the stack runs a trainer. */
    public Optional<TrainerConfig> trainerConfig() {
        return Optional.ofNullable(trainerConfig);
    }

    /** Empty while the job runs; its final status once it has stopped (failed, cancelled). */
    public Optional<JobStatus> jobEnded() throws Exception {
        JobStatus status = jobClient.getJobStatus().get(10, TimeUnit.SECONDS);
        return status.isGloballyTerminalState() ? Optional.of(status) : Optional.empty();
    }

    /** Stops every part that was started, the last started first; later parts stop even if one fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("embedded stack did not stop cleanly: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
