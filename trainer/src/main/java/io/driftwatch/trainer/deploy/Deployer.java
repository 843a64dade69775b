package io.driftwatch.trainer.deploy;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.trainer.registry.CorruptVersionException;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.Promotion;
import io.driftwatch.trainer.registry.VersionMetadata;

/**
 * Puts a registered version into production, for the trainer's winners and for promote/rollback
 * alike. Order matters: the Baseline is published first (the drift job must know the new version
 * before its traffic arrives), then the registry is switched, then ModelDeployed tells model
 * services to hot-swap. Every step is idempotent, so a retry after a failure at any step is safe.
 */
public final class Deployer {
    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

    private final ModelRegistry registry;
    private final DeploymentPublisher publisher;
    private final Clock clock;

    public Deployer(ModelRegistry registry, DeploymentPublisher publisher, Clock clock) {
        this.registry = registry;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Deploys {@code version}; the artifact is verified against its sha256 before anything changes. */
    public Promotion deploy(VersionMetadata version, String reason) throws CorruptVersionException {
        registry.artifact(version);
        Baseline baseline = registry.baseline(version);
        publisher.publishBaseline(baseline);
        Instant now = clock.instant();
        Promotion promotion = registry.promote(version.modelId(), version.version(), reason, now);
        Optional<String> previous = promotion.previous().map(VersionMetadata::version)
                .or(() -> version.parentVersion().filter(p -> !p.equals(version.version())));
        publisher.publishDeployment(ModelDeployed.newBuilder()
                .setModelId(version.modelId())
                .setNewVersion(version.version())
                .setPreviousVersion(previous.orElse(null))
                .setArtifactUri(registry.artifactUri(version).toString())
                .setArtifactSha256(version.artifact().sha256())
                .setEvaluationMetrics(version.metrics())
                .setDeployedAt(now)
                .build());
        LOG.info("deployed {} {} (previous: {}): {}", version.modelId(), version.version(), previous.orElse("none"), reason);
        return promotion;
    }
}
