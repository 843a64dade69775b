package io.driftwatch.trainer.registry;

import java.util.Optional;

/** The result of a promotion: the version now in production and the one it replaced, if any. */
public record Promotion(VersionMetadata production, Optional<VersionMetadata> previous) {}
