package io.driftwatch.alerting.route;

import static io.driftwatch.alerting.testing.TestAlerts.T0;
import static io.driftwatch.alerting.testing.TestAlerts.firing;
import static io.driftwatch.alerting.testing.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.ConfigLoader;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.config.ReceiverConfig;
import io.driftwatch.alerting.http.ServiceMetrics;
import io.driftwatch.alerting.notify.DeliveryException;
import io.driftwatch.alerting.notify.DeliveryFailure;
import io.driftwatch.alerting.notify.Integration;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.notify.DeliveryLanes;
import io.driftwatch.alerting.notify.RetryingDelivery;
import io.driftwatch.alerting.testing.FakeClock;
import io.driftwatch.alerting.testing.InMemoryStateStore;
import io.driftwatch.alerting.testing.RecordingNotifier;
import io.driftwatch.events.Severity;

class DispatcherTest {
    private static final String CONFIG = """
            kafka: {bootstrap_servers: "localhost:9092"}
            route:
              receiver: team
              group_by: [model]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
              routes:
                - matchers: ['severity="critical"']
                  receiver: oncall
                  continue: true
                - matchers: ['model=~"ads-.*"']
                  receiver: ads
            receivers:
              - name: team
                console_configs: [{send_resolved: true}]
              - name: oncall
                console_configs: [{send_resolved: true}]
              - name: ads
                console_configs: [{send_resolved: false}]
            inhibit_rules:
              - source_matchers: ['severity="critical"', 'feature=""']
                target_matchers: ['severity="warning"']
                equal: [model]
            """;

    private final FakeClock clock = new FakeClock(T0);
    private final Map<String, RecordingNotifier> receivers = new HashMap<>();
    private final List<DeliveryFailure> failures = new ArrayList<>();
    private final List<Silence> silences = new ArrayList<>();
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final AlertingConfig config = new ConfigLoader(name -> null).parse(CONFIG);
    private Dispatcher dispatcher = newDispatcher();

    private Dispatcher newDispatcher() {
        List<Integration> integrations = new ArrayList<>();
        for (ReceiverConfig receiver : config.receivers()) {
            for (IntegrationConfig integration : receiver.integrations()) {
                integrations.add(new Integration(receiver.name(), integration,
                        receivers.computeIfAbsent(receiver.name(), name -> new RecordingNotifier())));
            }
        }
        RetryingDelivery delivery = new RetryingDelivery(new AlertingConfig.Delivery(Duration.ofSeconds(1),
                Duration.ofSeconds(4), Duration.ofSeconds(10), Duration.ofSeconds(1)), clock, clock::advance, () -> 0.5,
                failures::add, new ServiceMetrics());
        return new Dispatcher(config.route(), integrations, new Inhibitor(config.inhibitRules()), () -> silences,
                new DeliveryLanes(delivery, () -> Runnable::run), store, clock);
    }

    private List<Notification> sentTo(String receiver) {
        return receivers.get(receiver).sent();
    }

    private void ingest(Alert... alerts) {
        for (Alert alert : alerts) {
            dispatcher.ingest(alert, () -> { });
        }
    }

    private void advanceAndFlush(Duration duration) throws InterruptedException {
        clock.advance(duration);
        dispatcher.flushDue();
    }

    @Test
    void alertsOfOneGroupWithinGroupWaitAreSentAsOneNotification() throws Exception {
        for (int i = 0; i < 50; i++) {
            ingest(firing("fraud", "f" + i, Severity.WARNING));
            clock.advance(Duration.ofMillis(100));
        }

        advanceAndFlush(Duration.ofSeconds(30));

        assertThat(sentTo("team")).hasSize(1);
        assertThat(sentTo("team").get(0).firing()).hasSize(50);
        assertThat(sentTo("team").get(0).groupLabels()).isEqualTo(Map.of("model", "fraud"));
    }

    @Test
    void nothingIsSentBeforeGroupWaitEnds() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING));

        advanceAndFlush(Duration.ofSeconds(29));

        assertThat(sentTo("team")).isEmpty();
    }

    @Test
    void groupByLabelsSplitAlertsIntoGroups() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING), firing("churn", "tenure", Severity.WARNING));

        advanceAndFlush(Duration.ofSeconds(30));

        assertThat(sentTo("team")).extracting(n -> n.groupLabels().get("model")).containsExactlyInAnyOrder("fraud", "churn");
    }

    @Test
    void alertJoiningAFlushedGroupWaitsForGroupInterval() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));

        ingest(firing("fraud", "age", Severity.WARNING));
        advanceAndFlush(Duration.ofMinutes(4));
        assertThat(sentTo("team")).hasSize(1);

        advanceAndFlush(Duration.ofMinutes(1));
        assertThat(sentTo("team")).hasSize(2);
        assertThat(sentTo("team").get(1).firing()).hasSize(2);
    }

    @Test
    void unchangedGroupIsRepeatedOnlyAfterRepeatInterval() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));

        for (int i = 0; i < 47; i++) {
            advanceAndFlush(Duration.ofMinutes(5));
        }
        assertThat(sentTo("team")).hasSize(1);

        advanceAndFlush(Duration.ofMinutes(5));
        assertThat(sentTo("team")).hasSize(2);
    }

    @Test
    void resolvedAlertIsAnnouncedOnceWhenSendResolvedIsOn() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));

        ingest(resolved("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofMinutes(5));
        advanceAndFlush(Duration.ofMinutes(5));

        assertThat(sentTo("team")).hasSize(2);
        Notification resolution = sentTo("team").get(1);
        assertThat(resolution.isResolved()).isTrue();
        assertThat(resolution.resolved()).extracting(Alert::fingerprint).containsExactly("fraud/v1/amount/psi");
        assertThat(dispatcher.groupCount()).isZero();
        assertThat(store.load().alerts()).isEmpty();
        assertThat(store.load().notifications()).isEmpty();
    }

    @Test
    void resolvedAlertIsNotAnnouncedWhenSendResolvedIsOff() throws Exception {
        ingest(firing("ads-ctr", "clicks", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));

        ingest(resolved("ads-ctr", "clicks", Severity.WARNING));
        advanceAndFlush(Duration.ofMinutes(5));

        assertThat(sentTo("ads")).hasSize(1);
        assertThat(dispatcher.groupCount()).isZero();
    }

    @Test
    void alertFiringAgainAfterItsResolutionIsNotifiedAgain() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));
        ingest(resolved("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofMinutes(5));

        ingest(firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));

        assertThat(sentTo("team")).hasSize(3);
        assertThat(sentTo("team").get(2).isResolved()).isFalse();
    }

    @Test
    void childRouteTakesMatchingAlertsAndContinueAlsoTriesTheNextSiblings() throws Exception {
        ingest(firing("fraud", "amount", Severity.CRITICAL), firing("ads-ctr", "clicks", Severity.CRITICAL));

        advanceAndFlush(Duration.ofSeconds(30));

        assertThat(sentTo("oncall")).hasSize(2);
        assertThat(sentTo("ads")).extracting(n -> n.groupLabels().get("model")).containsExactly("ads-ctr");
        assertThat(sentTo("team")).as("the root receives only what no child route matched").isEmpty();
    }

    @Test
    void routeWithoutContinueStopsAtTheFirstMatchingChild() {
        List<String> routes = Dispatcher.matchingRoutes(config.route(), firing("ads-ctr", "x", Severity.WARNING).labels())
                .stream().map(route -> route.receiver()).toList();

        assertThat(routes).containsExactly("ads");
    }

    @Test
    void criticalModelLevelAlertInhibitsWarningsOfTheSameModelOnly() throws Exception {
        ingest(firing("fraud", null, Severity.CRITICAL),
                firing("fraud", "amount", Severity.WARNING),
                firing("churn", "tenure", Severity.WARNING));

        advanceAndFlush(Duration.ofSeconds(30));

        assertThat(sentTo("oncall")).singleElement().satisfies(n ->
                assertThat(n.firing()).extracting(Alert::fingerprint).containsExactly("fraud/v1/-/psi"));
        assertThat(sentTo("team")).singleElement().satisfies(n ->
                assertThat(n.firing()).extracting(Alert::fingerprint).containsExactly("churn/v1/tenure/psi"));
    }

    @Test
    void inhibitedAlertIsNotifiedOnceItsSourceResolves() throws Exception {
        ingest(firing("fraud", null, Severity.CRITICAL), firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));
        assertThat(sentTo("team")).isEmpty();

        ingest(resolved("fraud", null, Severity.CRITICAL));
        advanceAndFlush(Duration.ofMinutes(5));

        assertThat(sentTo("oncall")).last().satisfies(n ->
                assertThat(n.resolved()).extracting(Alert::fingerprint).containsExactly("fraud/v1/-/psi"));
        assertThat(sentTo("team")).singleElement().satisfies(n ->
                assertThat(n.firing()).extracting(Alert::fingerprint).containsExactly("fraud/v1/amount/psi"));
    }

    @Test
    void silenceMutesMatchingAlertsUntilItExpiresAndNothingElse() throws Exception {
        silences.add(new Silence("s1", List.of(Matcher.parse("feature=amount")), T0, T0.plus(Duration.ofMinutes(7)), "me", "known"));
        ingest(firing("fraud", "amount", Severity.WARNING), firing("fraud", "age", Severity.WARNING));

        advanceAndFlush(Duration.ofSeconds(30));
        assertThat(sentTo("team")).hasSize(1);
        assertThat(sentTo("team").get(0).firing()).extracting(Alert::fingerprint).containsExactly("fraud/v1/age/psi");

        advanceAndFlush(Duration.ofMinutes(10));
        assertThat(sentTo("team")).hasSize(2);
        assertThat(sentTo("team").get(1).firing()).hasSize(2);
    }

    @Test
    void handledCallbackRunsOnlyAfterEveryReceivingGroupFlushed() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        dispatcher.ingest(firing("fraud", "amount", Severity.CRITICAL), handled::incrementAndGet);

        advanceAndFlush(Duration.ofSeconds(29));
        assertThat(handled).hasValue(0);

        advanceAndFlush(Duration.ofSeconds(1));
        assertThat(handled).hasValue(1);
    }

    @Test
    void restartedDispatcherDoesNotRenotifyButStillAnnouncesTheResolution() throws Exception {
        ingest(firing("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofSeconds(30));

        dispatcher = newDispatcher();
        dispatcher.restore(store.load());
        advanceAndFlush(Duration.ofSeconds(30));
        assertThat(sentTo("team")).hasSize(1);

        ingest(resolved("fraud", "amount", Severity.WARNING));
        advanceAndFlush(Duration.ofMinutes(5));
        assertThat(sentTo("team")).hasSize(2);
        assertThat(sentTo("team").get(1).isResolved()).isTrue();
    }

    @Test
    void failedDeliveryIsRecordedAndTriedAgainAtTheNextInterval() throws Exception {
        RecordingNotifier team = receivers.get("team");
        for (int i = 0; i < 10; i++) {
            team.failNext(DeliveryException.transientFailure("HTTP 500", null));
        }
        AtomicInteger handled = new AtomicInteger();
        dispatcher.ingest(firing("fraud", "amount", Severity.WARNING), handled::incrementAndGet);

        advanceAndFlush(Duration.ofSeconds(30));
        assertThat(failures).hasSize(1);
        assertThat(handled).hasValue(1);

        advanceAndFlush(Duration.ofMinutes(5));
        advanceAndFlush(Duration.ofMinutes(5));
        assertThat(sentTo("team")).hasSize(1);
    }
}
