package io.driftwatch.trainer.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.driftwatch.trainer.data.DataReference;

/**
 * Everything recorded about one model version (its {@code metadata.json}): lineage (parent
 * version, request, training data reference and hash, code and library versions,
 * hyper-parameters, seed), the artifact's format and sha256, evaluation metrics, and status.
 */
public record VersionMetadata(String modelId, String version, Optional<String> parentVersion,
                              Optional<String> requestId, ModelStatus status, String statusReason,
                              Instant createdAt, Instant statusChangedAt, Optional<Instant> promotedAt,
                              Artifact artifact, TrainingData trainingData, String codeVersion,
                              Map<String, String> libraryVersions, String trainer,
                              Map<String, String> hyperParameters, long seed,
                              Map<String, Double> metrics, Optional<Comparison> comparison) {
    public VersionMetadata {
        libraryVersions = Map.copyOf(libraryVersions);
        hyperParameters = Map.copyOf(hyperParameters);
        metrics = Map.copyOf(metrics);
    }

    /**
     * The artifact file inside the version's folder, how to read it and its sha256 (hex), checked on every read.
     */
    public record Artifact(String file, String format, String sha256, long sizeBytes) {}

    /**
     * The data the version was trained and evaluated on: where it came from and the sha256 of its
     * canonical form; the newest {@code evaluationRows} (event time from {@code evaluationFrom}) evaluated.
     */
    public record TrainingData(DataReference reference, String sha256, int rows, int trainingRows,
                               int evaluationRows, Instant evaluationFrom) {}

    /** How the version fared against the champion of its time on the same evaluation rows. */
    public record Comparison(String championVersion, String metric, double minImprovement,
                             Map<String, Double> championMetrics, boolean challengerWins, String verdict) {
        public Comparison {
            championMetrics = Map.copyOf(championMetrics);
        }
    }

    public VersionMetadata withStatus(ModelStatus newStatus, String reason, Instant at) {
        Optional<Instant> promoted = newStatus == ModelStatus.PRODUCTION ? Optional.of(at) : promotedAt;
        return new VersionMetadata(modelId, version, parentVersion, requestId, newStatus, reason, createdAt, at,
                promoted, artifact, trainingData, codeVersion, libraryVersions, trainer, hyperParameters, seed,
                metrics, comparison);
    }

    /** The version number of {@code v7}-style names, for ordering. */
    public int number() {
        return Integer.parseInt(version.substring(1));
    }
}
