package io.driftwatch.alerting.notify;

import static io.driftwatch.alerting.testing.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.config.Secret;
import io.driftwatch.alerting.http.ServiceMetrics;
import io.driftwatch.alerting.notify.pagerduty.PagerDutyNotifier;
import io.driftwatch.alerting.notify.slack.SlackNotifier;
import io.driftwatch.alerting.testing.CapturedLogs;
import io.driftwatch.alerting.testing.FakeClock;
import io.driftwatch.alerting.testing.PagerDutyStandIn;
import io.driftwatch.alerting.testing.SlackStandIn;
import io.driftwatch.alerting.testing.TestAlerts;
import io.driftwatch.events.Severity;

/** Slack and PagerDuty notifiers over real HTTP to the contract-checking stand-ins. */
class HttpNotifiersTest {
    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    private static final AlertingConfig.Links NO_LINKS = new AlertingConfig.Links(Optional.empty(), Optional.empty());

    private final FakeClock clock = new FakeClock(T0);
    private final List<Duration> waits = new ArrayList<>();
    private final List<DeliveryFailure> failures = new ArrayList<>();
    private final JsonHttp http = new JsonHttp(HttpClient.newHttpClient(), Duration.ofSeconds(5), clock);
    private final Notification notification = new Notification("route{model=\"fraud\"}", "oncall", Map.of("model", "fraud"),
            List.of(TestAlerts.firing("fraud", "amount", Severity.CRITICAL)), List.of(), T0);
    private final List<AutoCloseable> standIns = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable standIn : standIns) {
            standIn.close();
        }
    }

    private RetryingDelivery.Sleeper recordingSleeper() {
        return wait -> {
            waits.add(wait);
            clock.advance(wait);
        };
    }

    private RetryingDelivery delivery() {
        return new RetryingDelivery(new AlertingConfig.Delivery(Duration.ofSeconds(1), Duration.ofSeconds(4),
                Duration.ofSeconds(20), Duration.ofSeconds(5)), clock, recordingSleeper(), () -> 1.0, failures::add, new ServiceMetrics());
    }

    private Integration slack(SlackStandIn standIn) {
        IntegrationConfig.Slack config = new IntegrationConfig.Slack("slack[0]", new Secret(standIn.url().toString(), "env X"),
                Optional.empty(), true, 10, Duration.ofSeconds(1));
        return new Integration("oncall", config, new SlackNotifier("oncall/slack[0]", config, NO_LINKS, http, clock, recordingSleeper()));
    }

    private Integration pagerDuty(PagerDutyStandIn standIn) {
        IntegrationConfig.PagerDuty config = new IntegrationConfig.PagerDuty("pagerduty[0]", new Secret(ROUTING_KEY, "env PD"),
                standIn.url(), "driftwatch-test", true);
        return new Integration("oncall", config, new PagerDutyNotifier("oncall/pagerduty[0]", config, NO_LINKS, http));
    }

    private <T extends AutoCloseable> T started(T standIn) {
        standIns.add(standIn);
        return standIn;
    }

    @Test
    void slackMessagesToOneWebhookAreSpacedByTheMinimumInterval() throws Exception {
        SlackStandIn standIn = started(new SlackStandIn());
        Integration slack = slack(standIn);

        delivery().deliver(slack, notification);
        clock.advance(Duration.ofMillis(300));
        delivery().deliver(slack, notification);

        assertThat(waits).containsExactly(Duration.ofMillis(700));
        assertThat(standIn.accepted()).hasSize(2);
        assertThat(standIn.violations()).isEmpty();
    }

    @Test
    void slackRetryAfterIsHonouredOverHttp() throws Exception {
        SlackStandIn standIn = started(new SlackStandIn());
        standIn.answerNext(429, "3");

        DeliveryResult result = delivery().deliver(slack(standIn), notification);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void pagerDutyTriggerAndResolveShareTheDedupKeyAndPassTheContract() throws Exception {
        PagerDutyStandIn standIn = started(new PagerDutyStandIn());
        Integration pagerDuty = pagerDuty(standIn);

        delivery().deliver(pagerDuty, notification);
        delivery().deliver(pagerDuty, new Notification(notification.groupKey(), "oncall", notification.groupLabels(),
                List.of(), List.of(TestAlerts.resolved("fraud", "amount", Severity.CRITICAL)), T0));

        assertThat(standIn.violations()).isEmpty();
        assertThat(standIn.events("trigger")).singleElement().satisfies(trigger -> {
            assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
            assertThat(trigger.path("payload").path("source").asText()).isEqualTo("driftwatch-test");
        });
        assertThat(standIn.events("resolve").get(0).path("dedup_key"))
                .isEqualTo(standIn.events("trigger").get(0).path("dedup_key"));
    }

    @Test
    void secretsAppearInNoLogLineFailureRecordOrError() throws Exception {
        SlackStandIn slackStandIn = started(new SlackStandIn());
        PagerDutyStandIn pagerDutyStandIn = started(new PagerDutyStandIn());
        for (int i = 0; i < 20; i++) {
            slackStandIn.answerNext(500, null);
            pagerDutyStandIn.answerNext(500, null);
        }
        Integration deadSlackHost = slack(slackStandIn);

        try (CapturedLogs logs = new CapturedLogs()) {
            delivery().deliver(deadSlackHost, notification);
            delivery().deliver(pagerDuty(pagerDutyStandIn), notification);

            assertThat(failures).hasSize(2);
            assertThat(logs.lines()).isNotEmpty().allSatisfy(line ->
                    assertThat(line).doesNotContain("webhook-secret-token").doesNotContain(ROUTING_KEY));
        }
        assertThat(failures.toString()).doesNotContain("webhook-secret-token").doesNotContain(ROUTING_KEY);
        assertThat(deadSlackHost.toString()).doesNotContain("webhook-secret-token");
    }
}
