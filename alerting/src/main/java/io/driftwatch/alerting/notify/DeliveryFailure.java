package io.driftwatch.alerting.notify;

import java.time.Instant;
import java.util.List;

/**
 * A notification that retrying gave up on, as published to the {@code alert-delivery-failures}
 * topic (JSON, key = group key) for people and tools to follow up.
 */
public record DeliveryFailure(
        String integration,
        String groupKey,
        String dedupKey,
        String status,
        List<String> fingerprints,
        int attempts,
        String lastError,
        Instant firstAttemptAt,
        Instant gaveUpAt) {

    public DeliveryFailure {
        fingerprints = List.copyOf(fingerprints);
    }
}
