package io.driftwatch.trainer.registry;

/** What became of a retrain request; recorded once per request id, before its offset is committed. */
public enum RequestOutcome {
    /** The challenger won and is now in production. */
    DEPLOYED,
    /** The challenger did not beat the champion by the margin; it is registered as REJECTED. */
    REJECTED,
    /** The model is not configured in trainer.yaml or has no production version to challenge. */
    UNKNOWN_MODEL,
    /** No labelled examples in the requested range. */
    NO_DATA,
    /** Too few rows, or a class missing from the training or evaluation set. */
    INSUFFICIENT_DATA,
    /** The data cannot be read as labelled rows of a binary classifier (bad files, more than two classes). */
    INVALID_DATA,
    /** The champion's artifact is missing, corrupt or fails its sha256: there is nothing sound to compare with. */
    CHAMPION_UNUSABLE,
    /** The requested version is no longer in production: a later deployment already answered the drift. */
    SUPERSEDED,
    /** The model was retrained less than the cooldown ago. */
    COOLDOWN,
    /** Training or evaluation failed for a reason specific to this request (the message says which). */
    FAILED
}
