package io.driftwatch.trainer.registry;

/** Life cycle of a model version; at most one version of a model is PRODUCTION. */
public enum ModelStatus {
    /** Registered, not (yet) decided on. */
    CANDIDATE,
    /** The version model services serve and the drift job monitors. */
    PRODUCTION,
    /** Was production, replaced by a newer deployment or a rollback; can be promoted again. */
    ARCHIVED,
    /** Lost champion/challenger; its metadata says why. Can still be promoted by hand. */
    REJECTED
}
