package io.driftwatch.alerting.notify.slack;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.notify.DeliveryException;
import io.driftwatch.alerting.notify.JsonHttp;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.notify.Notifier;
import io.driftwatch.alerting.notify.RetryingDelivery;

/**
 * Posts {@link SlackMessage}s to an incoming webhook, at most one per {@code min_interval} (Slack
 * allows about one message per second per webhook and answers 429 beyond that).
 */
public final class SlackNotifier implements Notifier {
    private final IntegrationConfig.Slack config;
    private final AlertingConfig.Links links;
    private final JsonHttp http;
    private final Clock clock;
    private final RetryingDelivery.Sleeper sleeper;
    private final String name;
    private final URI webhook;
    private Instant lastSent = Instant.MIN;

    public SlackNotifier(String name, IntegrationConfig.Slack config, AlertingConfig.Links links, JsonHttp http,
                         Clock clock, RetryingDelivery.Sleeper sleeper) {
        this.name = name;
        this.config = config;
        this.links = links;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.webhook = URI.create(config.webhookUrl().reveal()); // validated by the configuration loader
    }

    @Override
    public void send(Notification notification) throws DeliveryException {
        waitForRateLimit();
        try {
            http.post(webhook, SlackMessage.build(notification, links, config.maxAlerts(), config.channel()), name);
        } finally {
            lastSent = clock.instant();
        }
    }

    private void waitForRateLimit() throws DeliveryException {
        Duration wait = Duration.between(clock.instant(), lastSent.plus(config.minInterval()));
        if (!wait.isNegative() && !wait.isZero()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeliveryException.transientFailure(name + ": interrupted", e);
            }
        }
    }
}
