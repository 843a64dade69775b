package io.driftwatch.alerting.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One way a receiver notifies: Slack, PagerDuty, email or the service log. */
public sealed interface IntegrationConfig {

    /** Name unique within the receiver, e.g. {@code slack[0]}; part of the notification log key. */
    String name();

    /** Whether to send a message when alerts of a notified group resolve. */
    boolean sendResolved();

    /** Slack incoming webhook; {@code maxAlerts} alerts are listed, the rest summarised. */
    record Slack(String name, Secret webhookUrl, Optional<String> channel, boolean sendResolved,
                 int maxAlerts, Duration minInterval) implements IntegrationConfig {
    }

    /** PagerDuty Events API v2. */
    record PagerDuty(String name, Secret routingKey, URI url, String source, boolean sendResolved)
            implements IntegrationConfig {
    }

    /** One email per group over SMTP. */
    record Email(String name, String host, int port, String from, List<String> to,
                 StartTls startTls, Optional<String> username, Optional<Secret> password,
                 Duration timeout, boolean sendResolved) implements IntegrationConfig {
        public Email {
            to = List.copyOf(to);
        }
    }

    /** Writes notifications to the service log (for local runs and as a fallback). */
    record Console(String name, boolean sendResolved) implements IntegrationConfig {
    }

    /** STARTTLS policy of an SMTP connection. */
    enum StartTls { OFF, OPPORTUNISTIC, REQUIRED }
}
