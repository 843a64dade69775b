package io.driftwatch.trainer.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The recorded outcome of one retrain request: the trainer's memory of which request ids it has
 * handled (duplicates are skipped) and when each model was last trained (the cooldown).
 */
public record RequestRecord(String requestId, String modelId, String requestedVersion, RequestOutcome outcome,
                            String reason, Optional<String> challengerVersion, Map<String, Double> challengerMetrics,
                            Map<String, Double> championMetrics, Instant dataFrom, Instant dataTo,
                            Instant requestedAt, Instant decidedAt) {
    public RequestRecord {
        challengerMetrics = Map.copyOf(challengerMetrics);
        championMetrics = Map.copyOf(championMetrics);
    }

    /** Whether a model was actually trained for this request (what the cooldown counts). */
    public boolean trained() {
        return outcome == RequestOutcome.DEPLOYED || outcome == RequestOutcome.REJECTED;
    }
}
