package io.driftwatch.alerting.config;

import java.util.List;

/** A named set of integrations that a route sends its groups to. */
public record ReceiverConfig(String name, List<IntegrationConfig> integrations) {
    public ReceiverConfig {
        integrations = List.copyOf(integrations);
    }
}
