package io.driftwatch.flink.testing;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.flink.DriftJob;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Runs the real job (Kafka sources and sinks, InfluxDB sink) on a MiniCluster with event time
 * compressed: one-minute windows filled in an instant, a one-second checkpoint interval.
 */
public final class DriftJobRunner {
    public static final String PREDICTIONS = "predictions";
    public static final String FEATURES = "features";
    public static final String LABELS = "labels";
    public static final String LABELLED_EXAMPLES = "labelled-examples";

    private DriftJobRunner() {}

    /** Every topic the job uses; predictions has two partitions, one of which stays idle in the tests. */
    public static void createTopics(EmbeddedKafkaBroker broker) {
        broker.createTopics(java.util.List.of(new NewTopic(PREDICTIONS, 2, (short) 1), new NewTopic(FEATURES, 1, (short) 1),
                new NewTopic("baselines", 1, (short) 1).configs(java.util.Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic("drift-alerts", 1, (short) 1), new NewTopic("retrain-requests", 1, (short) 1),
                new NewTopic("dead-letters", 1, (short) 1), new NewTopic(LABELS, 1, (short) 1),
                new NewTopic(LABELLED_EXAMPLES, 1, (short) 1)));
    }

    public static JobConfig config(String bootstrap, String influxUrl, String database, Path checkpoints) {
        String yaml = """
                kafka:
                  bootstrap-servers: %s
                  group-id: drift-test
                topics:
                  predictions: {name: predictions, format: avro}
                  features: {name: features, format: json}
                  labels: {name: labels, format: avro}
                windows:
                  size: 1m
                  allowed-lateness: 30s
                  out-of-orderness: 2s
                  idleness: 10s
                models:
                  allowed: [fraud, orphan]
                  hold-time: 2s
                influxdb:
                  url: %s
                  database: %s
                  batch-size: 200
                  max-backoff: 1s
                alerts:
                  firing-after: 2
                  resolve-after: 2
                  metrics: [psi, ks]
                  model-drift-share: 0.3
                  retrain-cooldown: 24h
                  labels: {team: risk}
                  dashboard-url: "http://grafana.local/d/drift?var-model={model}&var-feature={feature}"
                  runbook-url: "http://runbooks.local/drift/{metric}"
                checkpoints:
                  interval: 1s
                  directory: %s
                  transaction-timeout: 1m
                performance:
                  label-horizon: 4h
                  alert-delay: 2m
                  min-labelled: 50
                  alert-metrics: [accuracy]
                  warning-drop: 0.05
                  critical-drop: 0.1
                  latency-p99: {warning: 200, critical: 400}
                parallelism: 2
                """.formatted(bootstrap, influxUrl, database, checkpoints.toUri());
        return JobConfigLoader.parse(yaml, "test config");
    }

    /**
     * Submits the job; a failure ends it (no restarts), optionally restoring a savepoint or a
     * retained checkpoint.
     */
    public static JobClient start(JobConfig config, String savepoint) throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return submit(config, flink);
    }

    /**
     * Submits the job with a bounded restart strategy: after a failure it restarts from its latest
     * checkpoint, at most {@code attempts} times, {@code delay} apart; then it fails for good.
     */
    public static JobClient startWithRestarts(JobConfig config, int attempts, Duration delay) throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return submit(config, flink);
    }

    private static JobClient submit(JobConfig config, Configuration flink) throws Exception {
        return new DriftJob(config, DriftJob.kafkaSources(config), DriftJob.productionSinks(config))
                .executeAsync(DriftJob.environment(config, flink));
    }

    /**
     * The latest completed checkpoint of {@code job} retained in {@code checkpoints} (the config's
     * checkpoint directory; checkpoints are retained on cancellation), or empty before the first.
     */
    public static Optional<Path> latestCheckpoint(Path checkpoints, JobID job) throws IOException {
        Path jobDirectory = checkpoints.resolve(job.toHexString());
        if (!Files.isDirectory(jobDirectory)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(jobDirectory)) {
            return children.filter(dir -> dir.getFileName().toString().startsWith("chk-")
                            && Files.exists(dir.resolve("_metadata")))
                    .max(Comparator.comparingLong(dir -> Long.parseLong(dir.getFileName().toString().substring(4))));
        }
    }

    /**
     * Stops the job with a savepoint without advancing event time (no window fires that would not
     * have fired anyway); the exactly-once sinks commit everything before the savepoint.
     */
    public static String stopWithSavepoint(JobClient job, Path directory) throws Exception {
        return job.stopWithSavepoint(false, directory.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }
}
