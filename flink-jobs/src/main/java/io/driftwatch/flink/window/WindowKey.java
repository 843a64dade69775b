package io.driftwatch.flink.window;

/** What windows are keyed by: a model version, and a segment when segments are configured. */
public record WindowKey(String modelId, String modelVersion, String segment) {
    /** {@code model/version}, the key of the {@code baselines} topic. */
    public String baselineKey() {
        return BaselineRegistry.keyOf(modelId, modelVersion);
    }
}
