package io.driftwatch.alerting.notify;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.config.ReceiverConfig;
import io.driftwatch.alerting.notify.console.ConsoleNotifier;
import io.driftwatch.alerting.notify.email.EmailNotifier;
import io.driftwatch.alerting.notify.pagerduty.PagerDutyNotifier;
import io.driftwatch.alerting.notify.slack.SlackNotifier;

/** Builds the notifier of every integration of every receiver. */
public final class Integrations {
    private Integrations() {
    }

    public static List<Integration> create(AlertingConfig config, HttpClient client, Clock clock, RetryingDelivery.Sleeper sleeper) {
        JsonHttp http = new JsonHttp(client, config.delivery().requestTimeout(), clock);
        List<Integration> integrations = new ArrayList<>();
        for (ReceiverConfig receiver : config.receivers()) {
            for (IntegrationConfig integration : receiver.integrations()) {
                integrations.add(new Integration(receiver.name(), integration,
                        notifier(receiver.name() + "/" + integration.name(), integration, config, http, clock, sleeper)));
            }
        }
        return integrations;
    }

    private static Notifier notifier(String name, IntegrationConfig integration, AlertingConfig config, JsonHttp http,
                                     Clock clock, RetryingDelivery.Sleeper sleeper) {
        // Java 17 has no pattern switch; IntegrationConfig is sealed, so this chain is complete.
        if (integration instanceof IntegrationConfig.Slack slack) {
            return new SlackNotifier(name, slack, config.links(), http, clock, sleeper);
        }
        if (integration instanceof IntegrationConfig.PagerDuty pagerDuty) {
            return new PagerDutyNotifier(name, pagerDuty, config.links(), http);
        }
        if (integration instanceof IntegrationConfig.Email email) {
            return new EmailNotifier(name, email, config.links());
        }
        return new ConsoleNotifier(config.links());
    }
}
