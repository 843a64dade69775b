package io.driftwatch.flink.influx;

import java.util.Map;

/**
 * One InfluxDB point. Numbers are written as floats, counts as integers, always the same way for a
 * field (InfluxDB refuses a field whose type changes within a shard). A point written again with the
 * same measurement, tags and timestamp replaces the earlier one: that is how a late window re-writes
 * its metrics.
 *
 * @param floats float fields; NaN and infinite values (undefined metrics) are not written
 * @param integers integer fields
 * @param strings string fields (annotation text, e.g. an alert's summary)
 * @param timestamp epoch ms
 */
public record InfluxPoint(String measurement, Map<String, String> tags, Map<String, Double> floats,
                          Map<String, Long> integers, Map<String, String> strings, long timestamp) {

    /** A point with numeric fields only. */
    public InfluxPoint(String measurement, Map<String, String> tags, Map<String, Double> floats,
                       Map<String, Long> integers, long timestamp) {
        this(measurement, tags, floats, integers, Map.of(), timestamp);
    }

    /** Whether the point has a field to write (InfluxDB refuses a point without one). */
    public boolean hasFields() {
        return !integers.isEmpty() || !strings.isEmpty() || floats.values().stream().anyMatch(Double::isFinite);
    }
}
