package io.driftwatch.trainer.train;

/** Artifact bytes cannot be turned into a model: corrupt, truncated, or of an unknown format. */
public final class ArtifactException extends Exception {
    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
