package io.driftwatch.flink.window;

import io.driftwatch.flink.decode.Observation;

/**
 * Key of the pre-aggregation stage: a {@link WindowKey} plus a salt derived from the event id, so
 * the events of one busy model version spread over all parallel subtasks instead of one.
 */
public record SaltedKey(String modelId, String modelVersion, String segment, int salt) {

    /** The salted key of an event; deterministic (String.hashCode is specified), so replays agree. */
    public static SaltedKey of(Observation event, int buckets) {
        return new SaltedKey(event.modelId(), event.modelVersion(), event.segment(),
                Math.floorMod(event.eventId().hashCode(), buckets));
    }

    public WindowKey windowKey() {
        return new WindowKey(modelId, modelVersion, segment);
    }
}
