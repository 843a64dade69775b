package io.driftwatch.schema.validate;

import java.time.Duration;

/**
 * Bounds on what one event may contain. They protect the job's memory and InfluxDB's series
 * cardinality from a broken or hostile producer; every bound is a configuration value.
 *
 * @param maxIdLength longest model id, version or event id
 * @param maxFeatureNameLength longest feature or segment name
 * @param maxFeatures most features (numeric + categorical) in one event
 * @param maxStringLength longest categorical value, class label or segment value
 * @param maxFutureSkew how far past "now" an event time may lie (clock skew of producers)
 */
public record ValidationLimits(int maxIdLength, int maxFeatureNameLength, int maxFeatures, int maxStringLength,
                               Duration maxFutureSkew) {
    /** 128-character ids and names, 500 features, 256-character values, 1 day of clock skew. */
    public static final ValidationLimits DEFAULTS = new ValidationLimits(128, 128, 500, 256, Duration.ofDays(1));

    public ValidationLimits {
        requirePositive("maxIdLength", maxIdLength);
        requirePositive("maxFeatureNameLength", maxFeatureNameLength);
        requirePositive("maxFeatures", maxFeatures);
        requirePositive("maxStringLength", maxStringLength);
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be zero or positive");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
