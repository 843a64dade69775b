package io.driftwatch.trainer.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.data.DataException;
import io.driftwatch.trainer.data.FileDataReader;
import io.driftwatch.trainer.deploy.Deployer;
import io.driftwatch.trainer.registry.CorruptVersionException;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.VersionMetadata;

/**
 * Registers and deploys a model's first production version, trained from CSV/Avro files, so a
 * demo or a new model starts with a v1 that retrain requests can then challenge.
 */
@SuppressWarnings("try") // the model lock is held for the whole try block, unused by name
public final class Bootstrap {
    private final ModelRegistry registry;
    private final Deployer deployer;
    private final Clock clock;

    public Bootstrap(ModelRegistry registry, Deployer deployer, Clock clock) {
        this.registry = registry;
        this.deployer = deployer;
        this.clock = clock;
    }

    /** The deployed version; refuses when the model already has one in production. */
    public VersionMetadata run(ModelConfig model, List<Path> files) throws DataException, CorruptVersionException {
        try (ModelRegistry.Lock lock = registry.lock(model.id())) {
            Optional<VersionMetadata> production = registry.production(model.id());
            if (production.isPresent()) {
                throw new IllegalStateException(model.id() + " already has " + production.get().version()
                        + " in production; use 'registry promote' or let the trainer retrain it");
            }
            TrainingPipeline.Trained trained = new TrainingPipeline(registry, clock).train(model,
                    new FileDataReader(model.data()).read(files, Optional.empty(), Optional.empty()),
                    Optional.empty(), Optional.empty());
            deployer.deploy(trained.version(), "bootstrap from " + files);
            return registry.version(model.id(), trained.version().version()).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock model " + model.id() + ": " + e.getMessage(), e);
        }
    }
}
