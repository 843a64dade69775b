package io.driftwatch.flink.decode;

import io.driftwatch.flink.config.JobConfig;
import org.apache.avro.SystemLimitException;

/**
 * Avro's decoder trusts the length prefixes in the bytes; these system properties make it refuse a
 * string, byte array or collection longer than the configured cap before allocating it. Avro reads
 * them once, when {@link SystemLimitException} is first loaded, so they are set before the first
 * decode in each JVM; on a Flink cluster also pass them as {@code env.java.opts.taskmanager} (see
 * the README) so that no other code in the task manager loads Avro first with the defaults.
 */
public final class AvroLimits {
    private AvroLimits() {}

    /** Sets the limits unless the JVM was started with its own values. */
    public static void apply(JobConfig.Validation validation) {
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, validation.avroMaxStringBytes());
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, validation.avroMaxStringBytes());
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, validation.avroMaxCollectionItems());
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
