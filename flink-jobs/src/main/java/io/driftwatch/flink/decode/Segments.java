package io.driftwatch.flink.decode;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an event's segment tags to the window segment, under a cardinality cap: only the configured
 * values of the configured tag get windows of their own, so a producer inventing tag values cannot
 * multiply the job's keys or InfluxDB's series.
 */
public final class Segments implements Serializable {
    /** Segment of every event when segmentation is off. */
    public static final String ALL = "all";
    /** Events without the segment tag. */
    public static final String NONE = "none";
    /** Events whose tag value is not one of the configured ones. */
    public static final String OTHER = "other";

    private final String tag;
    private final Set<String> values;

    /** @param tag the segment tag, or {@code null} for no segmentation */
    public Segments(String tag, List<String> values) {
        this.tag = tag;
        this.values = Set.copyOf(values);
    }

    public String segmentOf(Map<String, String> segmentTags) {
        if (tag == null) {
            return ALL;
        }
        String value = segmentTags.get(tag);
        if (value == null) {
            return NONE;
        }
        return values.contains(value) ? value : OTHER;
    }
}
