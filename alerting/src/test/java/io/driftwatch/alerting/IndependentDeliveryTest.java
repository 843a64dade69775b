package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.ConfigLoader;
import io.driftwatch.alerting.testing.HealthWatch;
import io.driftwatch.alerting.testing.HttpStandIn;
import io.driftwatch.alerting.testing.PagerDutyStandIn;
import io.driftwatch.alerting.testing.SlackStandIn;
import io.driftwatch.alerting.testing.TestAlerts;
import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;

/**
 * Slack (the receiver's first integration) fails for 25 s while PagerDuty works: the pages go out
 * within a few seconds regardless, /health stays up while Slack's lane retries, the offsets wait
 * until Slack has its messages too, and after Slack's recovery every notification was sent once.
 */
class IndependentDeliveryTest {
    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    private static final Duration SLACK_OUTAGE = Duration.ofSeconds(25);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final List<String> MODELS = List.of("fraud", "churn");

    @Test
    void pagerDutyIsPagedPromptlyWhileSlackFails() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start();
             SlackStandIn slack = new SlackStandIn();
             PagerDutyStandIn pagerDuty = new PagerDutyStandIn()) {
            kafka.createTopics("drift-alerts", "alert-delivery-failures", "dead-letters");
            kafka.createCompactedTopics("alerting-notification-log");
            Instant slackRecovers = Instant.now().plus(SLACK_OUTAGE);
            slack.failUntil(slackRecovers, Duration.ofSeconds(2), REQUEST_TIMEOUT.plusSeconds(1));
            HealthWatch health = new HealthWatch(Duration.ofMillis(200));

            try (AlertingService service = new AlertingService(config(kafka, slack, pagerDuty)).start()) {
                Instant published = Instant.now();
                publish(kafka);

                health.await("PagerDuty got a trigger per group", Duration.ofSeconds(5),
                        () -> pagerDuty.events("trigger").size() == MODELS.size(), service);
                assertThat(Duration.between(published, Instant.now())).as("time to page").isLessThan(Duration.ofSeconds(5));
                assertThat(slack.accepted()).as("Slack still failing").isEmpty();
                assertThat(slack.outageAnswers()).as("Slack was being retried meanwhile").isNotEmpty();

                // Slack keeps retrying well past the page: the service stays up and holds the offsets back.
                health.await("Slack retried for 10 s more", Duration.ofSeconds(15),
                        () -> !Instant.now().isBefore(published.plusSeconds(15)), service);
                assertThat(slack.accepted()).isEmpty();
                assertThat(committed(kafka)).as("committed offset while Slack has not got its messages")
                        .isLessThanOrEqualTo(endOffset(kafka) - MODELS.size());
                assertThat(HealthWatch.get(service, "/metrics").body()).contains("driftwatch_alerting_deliveries_pending " + MODELS.size());

                health.await("Slack got a message per group", Duration.ofSeconds(30),
                        () -> slack.accepted().size() == MODELS.size(), service);
                health.await("every drift-alerts record is committed", Duration.ofSeconds(30),
                        () -> committed(kafka) == endOffset(kafka), service);
                Instant settled = Instant.now().plusSeconds(3);
                health.await("three more group intervals (a duplicate would be sent by now)", Duration.ofSeconds(5),
                        () -> !Instant.now().isBefore(settled), service);

                assertThat(slack.accepted()).extracting(HttpStandIn.Received::at)
                        .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(slackRecovers));
                assertThat(slack.headers()).containsExactlyInAnyOrder("[FIRING:1] Drift on fraud v1", "[FIRING:1] Drift on churn v1");
                assertThat(pagerDuty.accepted()).as("PagerDuty messages, none repeated").hasSize(MODELS.size());
                assertThat(pagerDuty.outageAnswers()).isEmpty();
                assertThat(slack.violations()).isEmpty();
                assertThat(pagerDuty.violations()).isEmpty();
                assertThat(service.metrics().total("driftwatch_alerting_notifications_failed_total")).isZero();
                assertThat(health.statuses()).as("/health while Slack's lane retried and after").hasSizeGreaterThan(20)
                        .containsOnly(200);
            }
        }
    }

    private static AlertingConfig config(EmbeddedKafkaBroker kafka, SlackStandIn slack, PagerDutyStandIn pagerDuty) {
        String yaml = """
                kafka:
                  bootstrap_servers: "%s"
                  group_id: alerting-independent
                http: {listen: "127.0.0.1:0"}
                delivery: {initial_backoff: 500ms, max_backoff: 4s, give_up_after: 5m, request_timeout: %dms}
                route:
                  receiver: oncall
                  group_by: [model]
                  group_wait: 500ms
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: oncall
                    slack_configs: [{webhook_url_env: SLACK_URL, min_interval: 100ms}]
                    pagerduty_configs: [{routing_key_env: PD_KEY, url: "%s"}]
                """.formatted(kafka.bootstrapServers(), REQUEST_TIMEOUT.toMillis(), pagerDuty.url());
        return new ConfigLoader(Map.of("SLACK_URL", slack.url().toString(), "PD_KEY", ROUTING_KEY)::get).parse(yaml);
    }

    /** One firing critical alert per model: one group each. */
    private static void publish(EmbeddedKafkaBroker kafka) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (String model : MODELS) {
                DriftAlert event = TestAlerts.event(model, "feature_0", Severity.CRITICAL, AlertStatus.FIRING, Map.of());
                producer.send(new ProducerRecord<>("drift-alerts", event.getFingerprint().getBytes(StandardCharsets.UTF_8),
                        TestAlerts.encode(event))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static long committed(EmbeddedKafkaBroker kafka) {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("alerting-independent").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition("drift-alerts", 0));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long endOffset(EmbeddedKafkaBroker kafka) {
        TopicPartition partition = new TopicPartition("drift-alerts", 0);
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
