package io.driftwatch.alerting.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole validated configuration of the alerting service (see alerting/README.md). */
public record AlertingConfig(
        Kafka kafka,
        Http http,
        Delivery delivery,
        Links links,
        RouteConfig route,
        List<ReceiverConfig> receivers,
        List<InhibitRuleConfig> inhibitRules,
        Optional<Path> silencesFile) {

    public AlertingConfig {
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
    }

    public ReceiverConfig receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no receiver named " + name));
    }

    /** Kafka topics and client settings; {@code properties} are passed to every client as they are. */
    public record Kafka(String bootstrapServers, String groupId, String alertsTopic, String stateTopic,
                        String failuresTopic, String deadLettersTopic, Map<String, String> properties) {
        public Kafka {
            properties = Map.copyOf(properties);
        }
    }

    /** Address of the /health and /metrics endpoint (port 0 picks a free port). */
    public record Http(InetSocketAddress listen) {
    }

    /** Retry policy of every notification: exponential backoff with jitter until {@code giveUpAfter}. */
    public record Delivery(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration requestTimeout) {
    }

    /**
     * URL templates for the dashboard and runbook links; {@code {model}}, {@code {version}},
     * {@code {feature}}, {@code {metric}} and any other {@code {label}} are replaced (URL-encoded).
     */
    public record Links(Optional<String> dashboardUrl, Optional<String> runbookUrl) {
    }
}
