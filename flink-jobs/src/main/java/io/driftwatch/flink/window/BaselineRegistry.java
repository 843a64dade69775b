package io.driftwatch.flink.window;

import io.driftwatch.events.Baseline;
import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The {@code baselines} topic as broadcast state, keyed {@code model/version}. Both window stages
 * apply every baseline through {@link #register}, a deterministic function of the baseline and its
 * publication time, so all their subtasks hold the same state and agree on which baseline a window
 * uses: the first baseline of a version applies at once (also to held events), a replacement from
 * the first window that starts after it was published.
 */
public final class BaselineRegistry {
    public static final MapStateDescriptor<String, BaselineVersions> DESCRIPTOR = new MapStateDescriptor<>(
            "baselines", Types.STRING, TypeInformation.of(BaselineVersions.class));

    private BaselineRegistry() {}

    public static String keyOf(String modelId, String modelVersion) {
        return modelId + "/" + modelVersion;
    }

    /**
     * Adds or replaces a baseline; refuses a new model version once {@code maxVersions} are known.
     *
     * @param publishedAt the baseline record's timestamp (epoch ms)
     */
    public static Optional<Rejection> register(BroadcastState<String, BaselineVersions> state, Baseline baseline,
                                               long publishedAt, long windowSizeMillis, int maxVersions)
            throws Exception {
        String key = keyOf(baseline.getModelId(), baseline.getModelVersion());
        BaselineVersions known = state.get(key);
        if (known != null) {
            long nextWindow = Math.floorDiv(publishedAt, windowSizeMillis) * windowSizeMillis + windowSizeMillis;
            state.put(key, known.replacedBy(baseline, nextWindow));
            return Optional.empty();
        }
        int versions = 0;
        for (Map.Entry<String, BaselineVersions> ignored : state.entries()) {
            versions++;
        }
        if (versions >= maxVersions) {
            return Optional.of(new Rejection(RejectReason.UNKNOWN_MODEL, "baseline of " + key + " refused: "
                    + versions + " model versions already monitored (models.max-versions)"));
        }
        state.put(key, BaselineVersions.first(baseline));
        return Optional.empty();
    }
}
