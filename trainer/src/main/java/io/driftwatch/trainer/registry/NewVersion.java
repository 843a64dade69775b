package io.driftwatch.trainer.registry;

import io.driftwatch.events.Baseline;

/** What a new version is made of, built once the registry has chosen its version name. */
public record NewVersion(byte[] artifact, Baseline baseline, VersionMetadata metadata) {}
