package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.ConfigLoader;
import io.driftwatch.alerting.testing.HealthWatch;
import io.driftwatch.alerting.testing.HttpStandIn;
import io.driftwatch.alerting.testing.HttpStandIn.OutageAnswer;
import io.driftwatch.alerting.testing.HttpStandIn.OutageFault;
import io.driftwatch.alerting.testing.PagerDutyStandIn;
import io.driftwatch.alerting.testing.SlackStandIn;
import io.driftwatch.alerting.testing.TestAlerts;
import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;

/**
 * Slack and PagerDuty fail for two minutes of wall time — every request meets 500, then 429 with
 * Retry-After, then no answer before the client's timeout, and again — while alert groups fire and
 * resolve, and the service is restarted in the middle of it. The real service consumes real
 * {@code drift-alerts} from an in-JVM broker. After the outage every notification (each group's
 * firing and resolve, to Slack and to PagerDuty) is delivered exactly once; PagerDuty's dedup_key is
 * the group's own, the same for its trigger and resolve; the waits honoured Retry-After; nothing was
 * given up on (the give-up horizon, 5 minutes here, is longer than the outage); every offset is
 * committed; /health said "up" throughout.
 *
 * <p>Each integration delivers on its own lane (alerting/README.md, Delivery): the notification at
 * the head of Slack's lane (the receiver's first integration) retries through the whole outage and
 * Slack's others wait behind it, while PagerDuty's lane is tried from the first flush on, before and
 * after the restart, as if Slack were not there: a Slack outage never holds a page back.
 */
class AlertingDeliveryOutageTest {
    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    private static final Duration OUTAGE = Duration.ofMinutes(2);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the client's request timeout: the request times out unanswered. */
    private static final Duration SILENCE = REQUEST_TIMEOUT.plusSeconds(1);
    private static final List<String> MODELS = List.of("fraud", "churn", "ads");
    private static final int FEATURES = 3;

    @Test
    void everyNotificationIsDeliveredExactlyOnceAfterATwoMinuteOutageWithARestartInIt() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start();
             SlackStandIn slack = new SlackStandIn();
             PagerDutyStandIn pagerDuty = new PagerDutyStandIn()) {
            kafka.createTopics("drift-alerts", "alert-delivery-failures", "dead-letters");
            kafka.createCompactedTopics("alerting-notification-log");
            AlertingConfig config = config(kafka, slack, pagerDuty);
            HealthWatch health = new HealthWatch(Duration.ofSeconds(1));

            Instant outageStart = Instant.now();
            Instant outageEnd = outageStart.plus(OUTAGE);
            slack.failUntil(outageEnd, RETRY_AFTER, SILENCE);
            pagerDuty.failUntil(outageEnd, RETRY_AFTER, SILENCE);

            Instant restartedAt;
            AlertingService first = new AlertingService(config).start();
            try {
                publish(kafka, AlertStatus.FIRING);
                health.awaitUntil(outageStart.plusSeconds(50), first);
                assertThat(slack.outageAnswers()).as("Slack requests failed before the restart").isNotEmpty();
            } finally {
                first.close();
            }
            restartedAt = Instant.now();
            AlertingService second = new AlertingService(config).start();
            try {
                health.awaitUntil(outageStart.plusSeconds(70), second);
                publish(kafka, AlertStatus.RESOLVED);
                health.awaitUntil(outageEnd, second);

                health.await("both stand-ins got every firing and resolved notification", Duration.ofSeconds(60),
                        () -> slack.accepted().size() >= 2 * MODELS.size() && pagerDuty.accepted().size() >= 2 * MODELS.size(),
                        second);
                health.await("every drift-alerts record is committed", Duration.ofSeconds(30), () -> allCommitted(kafka),
                        second);
                // Two more group intervals: a duplicate would have been sent by now.
                health.awaitUntil(Instant.now().plusSeconds(3), second);

                assertDeliveredExactlyOnceAfterTheOutage(slack, pagerDuty, outageEnd);
                assertRetriesHonouredRetryAfter(slack, restartedAt);
                assertThat(slack.outageAnswers()).extracting(OutageAnswer::fault).as("faults Slack's retries met")
                        .contains(OutageFault.SERVER_ERROR, OutageFault.RATE_LIMITED, OutageFault.NO_ANSWER);
                assertThat(slack.outageAnswers()).as("retries over the outage, before and after the restart")
                        .anyMatch(answer -> answer.at().isBefore(restartedAt))
                        .anyMatch(answer -> answer.at().isAfter(restartedAt) && answer.at().isAfter(outageEnd.minusSeconds(30)));
                assertThat(slack.outageAnswers()).extracting(answer -> answer.body().path("blocks").get(0).path("text")
                        .path("text").asText()).as("Slack was tried with the first group's firing message only")
                        .containsOnly("[FIRING:3] Drift on fraud v1");
                assertThat(pagerDuty.outageAnswers()).as("PagerDuty requests during the outage (all failed)")
                        .allSatisfy(answer -> assertThat(answer.at()).isBefore(outageEnd));
                assertPagerDutyTriedIndependentlyOfSlack(slack, pagerDuty, restartedAt);
                assertThat(slack.violations()).isEmpty();
                assertThat(pagerDuty.violations()).isEmpty();
                assertThat(recordCount(kafka, "alert-delivery-failures")).as("notifications given up on").isZero();
                assertThat(second.metrics().total("driftwatch_alerting_notifications_failed_total")).isZero();
                assertThat(second.metrics().total("driftwatch_alerting_notifications_retried_total")).isPositive();
                assertThat(second.metrics().total("driftwatch_alerting_notifications_sent_total"))
                        .isEqualTo(4L * MODELS.size());
                assertThat(health.statuses()).as("/health while the stand-ins failed, across the restart and after")
                        .hasSizeGreaterThan(20).containsOnly(200);
            } finally {
                second.close();
            }
        }
    }

    /**
     * Each group: one Slack message firing and one resolved, one PagerDuty trigger and one resolve with
     * the group's dedup_key; all accepted after the outage (nothing got through during it).
     */
    private static void assertDeliveredExactlyOnceAfterTheOutage(SlackStandIn slack, PagerDutyStandIn pagerDuty,
                                                                 Instant outageEnd) {
        List<String> expectedHeaders = new ArrayList<>();
        for (String model : MODELS) {
            expectedHeaders.add("[FIRING:" + FEATURES + "] Drift on " + model + " v1");
            expectedHeaders.add("[RESOLVED] Drift on " + model + " v1");
        }
        assertThat(slack.headers()).as("Slack messages").containsExactlyInAnyOrderElementsOf(expectedHeaders);
        assertThat(Stream.concat(slack.accepted().stream(), pagerDuty.accepted().stream()))
                .allSatisfy(received -> assertThat(received.at()).isAfterOrEqualTo(outageEnd));

        List<JsonNode> triggers = pagerDuty.events("trigger");
        List<JsonNode> resolves = pagerDuty.events("resolve");
        assertThat(triggers).extracting(t -> t.path("payload").path("component").asText())
                .as("PagerDuty triggers").containsExactlyInAnyOrderElementsOf(MODELS);
        assertThat(triggers).extracting(t -> t.path("dedup_key").asText()).as("one incident per group").doesNotHaveDuplicates();
        assertThat(resolves).extracting(r -> r.path("dedup_key").asText()).as("PagerDuty resolves, one per incident")
                .containsExactlyInAnyOrderElementsOf(triggers.stream().map(t -> t.path("dedup_key").asText()).toList());
        assertThat(pagerDuty.accepted()).hasSize(2 * MODELS.size());
    }

    /**
     * PagerDuty's lane does not wait for Slack's: its first attempt came within seconds of Slack's
     * first, and it kept being retried during the outage on both sides of the restart.
     */
    private static void assertPagerDutyTriedIndependentlyOfSlack(SlackStandIn slack, PagerDutyStandIn pagerDuty,
                                                                 Instant restartedAt) {
        assertThat(pagerDuty.outageAnswers()).as("PagerDuty requests during Slack's outage").isNotEmpty();
        Instant slackFirst = slack.outageAnswers().get(0).at();
        Instant pagerDutyFirst = pagerDuty.outageAnswers().get(0).at();
        assertThat(Duration.between(slackFirst, pagerDutyFirst).abs()).as("PagerDuty's first attempt after Slack's first")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(pagerDuty.outageAnswers()).as("PagerDuty retried before and after the restart, while Slack failed")
                .anyMatch(answer -> answer.at().isBefore(restartedAt))
                .anyMatch(answer -> answer.at().isAfter(restartedAt));
    }

    /**
     * After every 429 the next attempt came once Retry-After had passed, and not much later (the wait is
     * exactly the server's, not a backoff); the pair around the restart does not count (a new process).
     */
    private static void assertRetriesHonouredRetryAfter(SlackStandIn slack, Instant restartedAt) {
        List<Instant> arrivals = Stream.concat(slack.outageAnswers().stream().map(OutageAnswer::at),
                slack.accepted().stream().map(HttpStandIn.Received::at)).sorted(Comparator.naturalOrder()).toList();
        List<Instant> rateLimited = slack.outageAnswers().stream()
                .filter(answer -> answer.fault() == OutageFault.RATE_LIMITED).map(OutageAnswer::at).toList();
        int checked = 0;
        for (Instant limited : rateLimited) {
            Instant next = arrivals.stream().filter(at -> at.isAfter(limited)).findFirst().orElseThrow();
            if (limited.isBefore(restartedAt) && next.isAfter(restartedAt)) {
                continue;
            }
            assertThat(Duration.between(limited, next)).as("wait after the 429 at %s", limited)
                    .isGreaterThanOrEqualTo(RETRY_AFTER).isLessThan(RETRY_AFTER.plusSeconds(2));
            checked++;
        }
        assertThat(checked).as("429 answers followed by a retry").isGreaterThanOrEqualTo(3);
    }

    private static AlertingConfig config(EmbeddedKafkaBroker kafka, SlackStandIn slack, PagerDutyStandIn pagerDuty) {
        String yaml = """
                kafka:
                  bootstrap_servers: "%s"
                  group_id: alerting-outage
                http: {listen: "127.0.0.1:0"}
                delivery: {initial_backoff: 500ms, max_backoff: 8s, give_up_after: 5m, request_timeout: %dms}
                route:
                  receiver: oncall
                  group_by: [model]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: oncall
                    slack_configs: [{webhook_url_env: SLACK_URL, min_interval: 100ms}]
                    pagerduty_configs: [{routing_key_env: PD_KEY, url: "%s"}]
                """.formatted(kafka.bootstrapServers(), REQUEST_TIMEOUT.toMillis(), pagerDuty.url());
        return new ConfigLoader(Map.of("SLACK_URL", slack.url().toString(), "PD_KEY", ROUTING_KEY)::get).parse(yaml);
    }

    /** A firing or resolved alert for each feature of each model, one group per model. */
    private static void publish(EmbeddedKafkaBroker kafka, AlertStatus status) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (String model : MODELS) {
                for (int i = 0; i < FEATURES; i++) {
                    DriftAlert event = TestAlerts.event(model, "feature_" + i, Severity.CRITICAL, status, Map.of("team", "risk"));
                    producer.send(new ProducerRecord<>("drift-alerts", event.getFingerprint().getBytes(StandardCharsets.UTF_8),
                            TestAlerts.encode(event))).get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static boolean allCommitted(EmbeddedKafkaBroker kafka) {
        TopicPartition partition = new TopicPartition("drift-alerts", 0);
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("alerting-outage").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            return committed != null && committed.offset() == endOffset(kafka, "drift-alerts");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long endOffset(EmbeddedKafkaBroker kafka, String topic) {
        return offset(kafka, topic, OffsetSpec.latest());
    }

    /** Records on the topic: from its log start (the broker's readiness probe was deleted) to its end. */
    private static long recordCount(EmbeddedKafkaBroker kafka, String topic) {
        return endOffset(kafka, topic) - offset(kafka, topic, OffsetSpec.earliest());
    }

    private static long offset(EmbeddedKafkaBroker kafka, String topic, OffsetSpec spec) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
