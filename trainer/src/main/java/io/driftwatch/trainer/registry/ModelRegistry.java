package io.driftwatch.trainer.registry;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.driftwatch.events.Baseline;

/**
 * Versions of models with their artifacts, baselines, lineage and status, plus the recorded outcome
 * of every retrain request. {@link FileSystemModelRegistry} keeps it in a directory; an object
 * store can implement the same contract (atomic put of a version, conditional update of metadata).
 * I/O failures surface as {@link java.io.UncheckedIOException}: the caller retries, nothing is lost.
 */
public interface ModelRegistry {
    List<String> models();

    /** All versions of the model, oldest first. */
    List<VersionMetadata> versions(String modelId);

    Optional<VersionMetadata> version(String modelId, String version);

    /** The version in production, if any. */
    Optional<VersionMetadata> production(String modelId);

    /** The version trained for {@code requestId}, if one was registered (a retry after a crash resumes it). */
    default Optional<VersionMetadata> versionForRequest(String modelId, String requestId) {
        return versions(modelId).stream().filter(v -> v.requestId().filter(requestId::equals).isPresent()).findFirst();
    }

    /**
     * Registers the next version of {@code modelId}: {@code build} receives the chosen version name
     * (v1, v2, …) and returns its parts; they appear together or not at all.
     */
    VersionMetadata register(String modelId, Function<String, NewVersion> build);

    /** The artifact bytes, checked against the recorded sha256. */
    byte[] artifact(VersionMetadata version) throws CorruptVersionException;

    /** The baseline built from the version's training data. */
    Baseline baseline(VersionMetadata version) throws CorruptVersionException;

    /** Where model services fetch the artifact. */
    URI artifactUri(VersionMetadata version);

    /** Sets the status of a version that is not in production (CANDIDATE → REJECTED, …). */
    VersionMetadata setStatus(String modelId, String version, ModelStatus status, String reason, Instant at);

    /** Makes {@code version} the production version; the previous one becomes ARCHIVED. */
    Promotion promote(String modelId, String version, String reason, Instant at);

    /**
     * Holds the model's lock until closed: one training or promotion per model at a time, across
     * threads and processes sharing the registry.
     */
    Lock lock(String modelId) throws IOException;

    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    Optional<RequestRecord> request(String requestId);

    void record(RequestRecord record);

    /** The model's request records, oldest decision first. */
    List<RequestRecord> requests(String modelId);

    /** When the model was last trained for a request, for the cooldown. */
    default Optional<Instant> lastTrainedAt(String modelId) {
        return requests(modelId).stream().filter(RequestRecord::trained).map(RequestRecord::decidedAt)
                .max(Instant::compareTo);
    }
}
