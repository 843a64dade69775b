package io.driftwatch.schema.validate;

/**
 * Why a record was rejected. The {@link #code()} is stable: it is written to the {@code reason}
 * field of the dead-letter topic and used as a metric label, so dashboards and alerts can key on it.
 */
public enum RejectReason {
    /** Bytes are not a valid single-object Avro or JSON record (bad header, truncated, corrupt). */
    MALFORMED_BYTES("malformed-bytes"),
    /** Single-object header names a schema fingerprint this reader does not know. */
    UNKNOWN_SCHEMA("unknown-schema"),
    /** JSON parsed, but a field has the wrong type or a required field is absent. */
    INVALID_JSON("invalid-json"),
    /** A required field is missing or empty. */
    MISSING_FIELD("missing-field"),
    /** Model id, version or event id has characters outside the allowed set or is too long. */
    INVALID_ID("invalid-id"),
    /** Feature name has characters outside the allowed set or is too long. */
    INVALID_FEATURE_NAME("invalid-feature-name"),
    /** A numeric value is NaN or infinite. */
    NON_FINITE_VALUE("non-finite-value"),
    /** More features in one event than the configured cap. */
    TOO_MANY_FEATURES("too-many-features"),
    /** A string value is longer than the configured cap. */
    STRING_TOO_LONG("string-too-long"),
    /** Timestamp before the configured floor or too far in the future. */
    INVALID_TIMESTAMP("invalid-timestamp"),
    /** Event arrived after its window's allowed lateness. */
    TOO_LATE("too-late"),
    /** No baseline arrived for the model version within the hold time. */
    NO_BASELINE("no-baseline"),
    /** Model id not allowed by the unknown-model policy, or the model cardinality cap was reached. */
    UNKNOWN_MODEL("unknown-model"),
    /** A label whose prediction was never seen (or expired). */
    ORPHAN_LABEL("orphan-label");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable kebab-case code written to dead letters. */
    public String code() {
        return code;
    }
}
