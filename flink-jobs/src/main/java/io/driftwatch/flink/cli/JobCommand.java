package io.driftwatch.flink.cli;

import io.driftwatch.flink.DriftJob;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import io.driftwatch.flink.config.Secret;
import io.driftwatch.flink.decode.AvroLimits;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftwatch job --config job.yaml}: runs the drift job. Started with {@code flink run} (this
 * class is the shaded jar's main class) it is submitted to that cluster; started anywhere else it
 * runs on a local MiniCluster in this JVM until interrupted.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Run the streaming drift job (locally, or on a Flink cluster via flink run).")
public final class JobCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "job.yaml", description = "Job configuration (YAML).")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (overrides kafka.bootstrap-servers).")
    Optional<String> bootstrap;

    @Option(names = "--influx-url", paramLabel = "URL", description = "InfluxDB URL (overrides influxdb.url).")
    Optional<String> influxUrl;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallel subtasks (overrides parallelism).")
    Optional<Integer> parallelism;

    @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "Checkpoint storage, e.g. file:///var/lib/driftwatch/checkpoints (overrides checkpoints.directory).")
    Optional<String> checkpointDir;

    @Option(names = "--restore", paramLabel = "PATH", description = "Savepoint or retained checkpoint to restore from (local runs; with flink run use -s).")
    Optional<String> restore;

    @Override
    public Integer call() throws Exception {
        JobConfig job = effectiveConfig();
        checkSecrets(job);
        AvroLimits.apply(job.validation());
        Configuration flink = new Configuration();
        restore.ifPresent(path -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
        new DriftJob(job, DriftJob.kafkaSources(job), DriftJob.productionSinks(job))
                .execute(DriftJob.environment(job, flink));
        return 0;
    }

    /** The file's configuration with the flags applied. */
    JobConfig effectiveConfig() {
        JobConfig job = JobConfigLoader.load(config);
        if (bootstrap.isPresent()) {
            job = job.withKafka(job.kafka().withBootstrapServers(bootstrap.get()));
        }
        if (influxUrl.isPresent()) {
            job = job.withInflux(job.influxdb().withUrl(influxUrl.get()));
        }
        if (parallelism.isPresent()) {
            job = job.withParallelism(parallelism.get());
        }
        if (checkpointDir.isPresent()) {
            job = job.withCheckpoints(job.checkpoints().withDirectory(checkpointDir.get()));
        }
        return job;
    }

    /** Fails at start, naming the reference, when a configured secret cannot be read here. */
    private static void checkSecrets(JobConfig job) {
        for (Secret secret : new Secret[] {job.influxdb().password(), job.influxdb().token()}) {
            if (secret != null) {
                try {
                    secret.reveal();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("influxdb secret " + secret + ": " + e.getMessage(), e);
                }
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobCommand()).execute(args));
    }
}
