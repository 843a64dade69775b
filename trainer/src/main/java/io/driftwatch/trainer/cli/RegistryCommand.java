package io.driftwatch.trainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import io.driftwatch.trainer.config.ConfigLoader;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.deploy.Deployer;
import io.driftwatch.trainer.deploy.DeploymentPublisher;
import io.driftwatch.trainer.registry.FileSystemModelRegistry;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.ModelStatus;
import io.driftwatch.trainer.registry.RegistryJson;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.service.Bootstrap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code driftwatch registry list|show|promote|rollback|bootstrap}: read and steer the model
 * registry. Promote, rollback and bootstrap deploy exactly as the trainer does: the Baseline and
 * ModelDeployed are published, so the drift job and model services follow.
 */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "Inspect and steer the model registry.",
        subcommands = {RegistryCommand.ListVersions.class, RegistryCommand.Show.class, RegistryCommand.Promote.class,
                RegistryCommand.Rollback.class, RegistryCommand.BootstrapModel.class})
public final class RegistryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code --config} option and what it gives every subcommand. */
    static final class Context {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "trainer YAML configuration")
        Path config;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        TrainerConfig config() {
            return ConfigLoader.withSystemEnvironment().load(config);
        }

        ModelRegistry registry() {
            return new FileSystemModelRegistry(config().registry().path());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Runs {@code action} with a deployer publishing to the configured topics. */
        int deploying(DeployAction action) throws Exception {
            TrainerConfig loaded = config();
            ModelRegistry registry = new FileSystemModelRegistry(loaded.registry().path());
            try (DeploymentPublisher publisher = new DeploymentPublisher(loaded.kafka().clientProperties(),
                    loaded.topics().baselines(), loaded.topics().modelDeployments(), Duration.ofSeconds(30))) {
                return action.run(loaded, registry, new Deployer(registry, publisher, Clock.systemUTC()));
            }
        }
    }

    interface DeployAction {
        int run(TrainerConfig config, ModelRegistry registry, Deployer deployer) throws Exception;
    }

    @Command(name = "list", description = "List models and their versions with status and headline metrics.")
    static final class ListVersions implements Callable<Integer> {
        @Mixin
        Context context;

        @Option(names = "--model", paramLabel = "ID", description = "only this model")
        String model;

        @Override
        public Integer call() {
            ModelRegistry registry = context.registry();
            List<String> models = model == null ? registry.models() : List.of(model);
            PrintWriter out = context.out();
            out.printf("%-24s %-8s %-10s %-8s %-9s %-24s %s%n", "MODEL", "VERSION", "STATUS", "PARENT", "AUC", "CREATED", "REASON");
            for (String id : models) {
                for (VersionMetadata v : registry.versions(id)) {
                    out.printf("%-24s %-8s %-10s %-8s %-9s %-24s %s%n", id, v.version(), v.status(),
                            v.parentVersion().orElse("-"), format(v.metrics().get("auc")), v.createdAt(), v.statusReason());
                }
            }
            out.flush();
            return 0;
        }

        private static String format(Double value) {
            return value == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", value);
        }
    }

    @Command(name = "show", description = "Show a version's full metadata (default: the production version) and the model's requests.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Context context;

        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION")
        String version;

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = context.registry();
            VersionMetadata shown = (version == null ? registry.production(model) : registry.version(model, version))
                    .orElseThrow(() -> new IllegalArgumentException("no " + (version == null ? "production version" : "version " + version)
                            + " of model '" + model + "'"));
            PrintWriter out = context.out();
            out.println(RegistryJson.MAPPER.writeValueAsString(shown));
            out.println("artifact: " + registry.artifactUri(shown));
            out.println("requests:");
            registry.requests(model).forEach(r -> out.printf("  %s %s %s -> %s: %s%n", r.decidedAt(), r.requestId(),
                    r.requestedVersion(), r.outcome(), r.reason()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "promote", description = "Deploy a version: publish its baseline, make it production, publish ModelDeployed.")
    @SuppressWarnings("try") // the model lock is held for the whole try block, unused by name
    static final class Promote implements Callable<Integer> {
        @Mixin
        Context context;

        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Override
        public Integer call() throws Exception {
            return context.deploying((config, registry, deployer) -> {
                try (ModelRegistry.Lock lock = registry.lock(model)) {
                    VersionMetadata target = registry.version(model, version).orElseThrow(
                            () -> new IllegalArgumentException("no version '" + version + "' of model '" + model + "'"));
                    deployer.deploy(target, "promoted by hand");
                }
                context.out().printf("%s %s is in production%n", model, version);
                return 0;
            });
        }
    }

    @Command(name = "rollback", description = "Deploy again the version that was in production before the current one.")
    @SuppressWarnings("try") // the model lock is held for the whole try block, unused by name
    static final class Rollback implements Callable<Integer> {
        @Mixin
        Context context;

        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Override
        public Integer call() throws Exception {
            return context.deploying((config, registry, deployer) -> {
                try (ModelRegistry.Lock lock = registry.lock(model)) {
                    VersionMetadata current = registry.production(model).orElseThrow(
                            () -> new IllegalArgumentException("model '" + model + "' has no production version to roll back"));
                    VersionMetadata target = registry.versions(model).stream()
                            .filter(v -> v.status() == ModelStatus.ARCHIVED && v.promotedAt().isPresent())
                            .max(Comparator.comparing(v -> v.promotedAt().orElse(Instant.EPOCH)))
                            .orElseThrow(() -> new IllegalArgumentException("model '" + model
                                    + "' has no earlier production version to roll back to"));
                    deployer.deploy(target, "rollback from " + current.version());
                    context.out().printf("%s rolled back from %s to %s%n", model, current.version(), target.version());
                }
                return 0;
            });
        }
    }

    @Command(name = "bootstrap", description = "Train a model's first version from CSV/Avro files and deploy it.")
    static final class BootstrapModel implements Callable<Integer> {
        @Mixin
        Context context;

        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Option(names = "--data", required = true, split = ",", paramLabel = "FILE", description = "CSV or Avro files")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            return context.deploying((config, registry, deployer) -> {
                ModelConfig modelConfig = config.model(model).orElseThrow(() -> new IllegalArgumentException(
                        "model '" + model + "' is not configured in " + context.config));
                VersionMetadata deployed = new Bootstrap(registry, deployer, Clock.systemUTC()).run(modelConfig, files);
                context.out().printf("%s %s trained on %d rows and deployed; metrics %s%n", model, deployed.version(),
                        deployed.trainingData().rows(), deployed.metrics());
                return 0;
            });
        }
    }
}
