package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.ConfigLoader;
import io.driftwatch.alerting.testing.PagerDutyStandIn;
import io.driftwatch.alerting.testing.SlackStandIn;
import io.driftwatch.alerting.testing.TestAlerts;
import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The whole service against real parts: an in-JVM KRaft broker, HTTP stand-ins for Slack and
 * PagerDuty that check every request against the published contracts, and GreenMail for SMTP.
 * Timings are real but short (group_wait 500 ms); waits poll with deadlines.
 */
class AlertingServiceTest {
    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    private static final String SMTP_PASSWORD = "smtp-secret-pw";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    private static EmbeddedKafkaBroker kafka;

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("driftwatch", SMTP_PASSWORD));

    @TempDir
    Path directory;

    private final List<AlertingService> services = new ArrayList<>();
    private SlackStandIn slack;
    private PagerDutyStandIn pagerDuty;
    private String alertsTopic;
    private String stateTopic;
    private String failuresTopic;
    private String deadLettersTopic;
    private String groupId;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.builder().build().start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void standIns() throws IOException {
        slack = new SlackStandIn();
        pagerDuty = new PagerDutyStandIn();
        int n = TEST_NUMBER.incrementAndGet();
        alertsTopic = "drift-alerts-" + n;
        stateTopic = "alerting-state-" + n;
        failuresTopic = "alert-delivery-failures-" + n;
        deadLettersTopic = "dead-letters-" + n;
        groupId = "alerting-" + n;
        kafka.createTopics(alertsTopic, failuresTopic, deadLettersTopic);
        kafka.createCompactedTopics(stateTopic);
    }

    @AfterEach
    void stopAll() {
        services.forEach(AlertingService::close);
        slack.close();
        pagerDuty.close();
    }

    /** Receivers "oncall" (Slack + PagerDuty) and "mail" (SMTP); {@code extra} top-level settings are appended. */
    private AlertingConfig config(String groupWait, String receiver, String extra) {
        String yaml = """
                kafka:
                  bootstrap_servers: "%s"
                  group_id: %s
                  alerts_topic: %s
                  state_topic: %s
                  failures_topic: %s
                  dead_letters_topic: %s
                http: {listen: "127.0.0.1:0"}
                delivery: {initial_backoff: 100ms, max_backoff: 400ms, give_up_after: 1500ms, request_timeout: 2s}
                links:
                  dashboard_url: "https://grafana.example/d/drift?var-model={model}"
                  runbook_url: "https://runbooks.example/{metric}"
                route:
                  receiver: %s
                  group_by: [model]
                  group_wait: %s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: oncall
                    slack_configs: [{webhook_url_env: SLACK_URL, min_interval: 100ms}]
                    pagerduty_configs: [{routing_key_env: PD_KEY, url: "%s"}]
                  - name: mail
                    email_configs:
                      - to: [ml-team@example.com]
                        from: driftwatch@example.com
                        smarthost: 127.0.0.1:%d
                        starttls: "off"
                        auth_username: driftwatch
                        auth_password_env: SMTP_PASSWORD
                %s
                """.formatted(kafka.bootstrapServers(), groupId, alertsTopic, stateTopic, failuresTopic, deadLettersTopic,
                receiver, groupWait,
                pagerDuty.url(), SMTP.getSmtp().getPort(), extra);
        return new ConfigLoader(Map.of("SLACK_URL", slack.url().toString(), "PD_KEY", ROUTING_KEY,
                "SMTP_PASSWORD", SMTP_PASSWORD)::get).parse(yaml);
    }

    private AlertingService start(AlertingConfig config) {
        AlertingService service = new AlertingService(config).start();
        services.add(service);
        return service;
    }

    private void publish(String model, int count, AlertStatus status, Severity severity) throws Exception {
        List<DriftAlert> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestAlerts.event(model, "feature_" + i, severity, status, Map.of("team", "risk")));
        }
        publish(events);
    }

    private void publish(List<DriftAlert> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (DriftAlert event : events) {
                producer.send(new ProducerRecord<>(alertsTopic, event.getFingerprint().getBytes(StandardCharsets.UTF_8),
                        TestAlerts.encode(event))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(25);
        }
    }

    /** Whether the service committed every record of the alerts topic: it commits only what is delivered or recorded as failed. */
    private boolean allCommitted() {
        TopicPartition partition = new TopicPartition(alertsTopic, 0);
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset();
            return committed != null && committed.offset() == end;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the service has handled every published record, then past two more group
     * intervals, so a duplicate message would have been sent by now.
     */
    private void awaitSettled() throws InterruptedException {
        await("all records are committed", this::allCommitted);
        Instant quietUntil = Instant.now().plusMillis(2200);
        await("two group intervals passed", () -> Instant.now().isAfter(quietUntil));
    }

    @Test
    void fiftyAlertsOfOneModelGiveOneMessageAndOnePageAndTheirResolutionOneEach() throws Exception {
        AlertingService service = start(config("500ms", "oncall", ""));

        publish("fraud", 50, AlertStatus.FIRING, Severity.CRITICAL);
        awaitSettled();

        assertThat(slack.headers()).containsExactly("[FIRING:50] Drift on fraud v1");
        assertThat(pagerDuty.events("trigger")).hasSize(1);
        JsonNode trigger = pagerDuty.events("trigger").get(0);
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("custom_details").path("firing_count").asInt()).isEqualTo(50);
        assertThat(trigger.path("links").findValuesAsText("href")).contains("https://grafana.example/d/drift?var-model=fraud");

        publish("fraud", 50, AlertStatus.RESOLVED, Severity.CRITICAL);
        awaitSettled();

        assertThat(slack.headers()).containsExactly("[FIRING:50] Drift on fraud v1", "[RESOLVED] Drift on fraud v1");
        assertThat(pagerDuty.events("resolve")).singleElement()
                .satisfies(resolve -> assertThat(resolve.path("dedup_key")).isEqualTo(trigger.path("dedup_key")));
        assertThat(pagerDuty.events("trigger")).hasSize(1);
        assertThat(slack.violations()).isEmpty();
        assertThat(pagerDuty.violations()).isEmpty();

        String metrics = get(service, "/metrics");
        assertThat(metrics).contains("driftwatch_alerting_notifications_sent_total{receiver=\"oncall\",integration=\"slack\"} 2",
                "driftwatch_alerting_notifications_sent_total{receiver=\"oncall\",integration=\"pagerduty\"} 2",
                "driftwatch_alerting_alerts_received_total 100", "driftwatch_alerting_groups_active 0",
                "driftwatch_alerting_consumer_lag 0");
        assertThat(get(service, "/health")).contains("up");
    }

    @Test
    void inhibitionAndSilenceSuppressWhatTheyShouldAndNothingElse() throws Exception {
        Path silences = directory.resolve("silences.yaml");
        Files.writeString(silences, """
                - id: churn-tenure
                  matchers: ['model="churn"', 'feature="tenure"']
                  starts_at: "2020-01-01T00:00:00Z"
                  ends_at: "2100-01-01T00:00:00Z"
                  created_by: test
                  comment: known seasonal shift
                """);
        start(config("500ms", "oncall", """
                inhibit_rules:
                  - source_matchers: ['severity="critical"', 'feature=""']
                    target_matchers: ['severity="warning"']
                    equal: [model]
                silences_file: %s
                """.formatted(silences)));

        publish(List.of(
                TestAlerts.event("fraud", null, Severity.CRITICAL, AlertStatus.FIRING, Map.of()),
                TestAlerts.event("fraud", "amount", Severity.WARNING, AlertStatus.FIRING, Map.of()),
                TestAlerts.event("churn", "tenure", Severity.WARNING, AlertStatus.FIRING, Map.of()),
                TestAlerts.event("churn", "age", Severity.WARNING, AlertStatus.FIRING, Map.of()),
                TestAlerts.event("ads", "amount", Severity.WARNING, AlertStatus.FIRING, Map.of())));
        awaitSettled();

        assertThat(slack.headers()).containsExactlyInAnyOrder(
                "[FIRING:1] Drift on fraud v1", "[FIRING:1] Drift on churn v1", "[FIRING:1] Drift on ads v1");
        String allMessages = slack.accepted().toString();
        assertThat(allMessages).contains("model-level: psi", "feature age", "feature amount")
                .doesNotContain("feature tenure");
        assertThat(slack.accepted()).filteredOn(m -> m.body().toString().contains("Drift on fraud"))
                .singleElement().satisfies(m -> assertThat(m.body().toString()).doesNotContain("feature amount"));
        assertThat(pagerDuty.events("trigger")).hasSize(3);
    }

    @Test
    void rateLimitedMessageIsRetriedAfterRetryAfterAndServerErrorsAfterBackoff() throws Exception {
        AlertingService service = start(config("500ms", "oncall", ""));
        slack.answerNext(429, "1");
        slack.answerNext(500, null);

        publish("fraud", 1, AlertStatus.FIRING, Severity.WARNING);
        awaitSettled();

        assertThat(slack.accepted()).hasSize(1);
        Instant rateLimited = slack.faultsAnswered().get(0);
        Instant serverError = slack.faultsAnswered().get(1);
        assertThat(Duration.between(rateLimited, serverError)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(Duration.between(serverError, slack.accepted().get(0).at())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(service.metrics().total("driftwatch_alerting_notifications_retried_total")).isEqualTo(2);
        assertThat(pagerDuty.events("trigger")).hasSize(1);
    }

    @Test
    void deliveryThatKeepsFailingIsRecordedWithoutSecretsAndItsOffsetCommitted() throws Exception {
        for (int i = 0; i < 100; i++) {
            slack.answerNext(500, null);
        }
        start(config("500ms", "oncall", ""));

        publish("fraud", 1, AlertStatus.FIRING, Severity.WARNING);
        await("the record is committed", this::allCommitted);

        List<JsonNode> failures = readAll(failuresTopic, 1);
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.path("integration").asText()).isEqualTo("oncall/slack[0]");
            assertThat(failure.path("status").asText()).isEqualTo("firing");
            assertThat(failure.path("last_error").asText()).contains("HTTP 500");
            assertThat(failure.toString()).doesNotContain("webhook-secret-token").doesNotContain(ROUTING_KEY);
        });
        assertThat(pagerDuty.events("trigger")).hasSize(1);
    }

    @Test
    void unreadableRecordIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
        AlertingService service = start(config("500ms", "oncall", ""));
        byte[] junk = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            producer.send(new ProducerRecord<>(alertsTopic, "junk".getBytes(StandardCharsets.UTF_8), junk))
                    .get(10, TimeUnit.SECONDS);
        }
        publish("fraud", 1, AlertStatus.FIRING, Severity.CRITICAL);
        awaitSettled();

        assertThat(pagerDuty.events("trigger")).hasSize(1);
        List<byte[]> letters = readRaw(deadLettersTopic, 1);
        assertThat(letters).hasSize(1);
        DeadLetter letter = EventCodec.of(DeadLetter.class).decode(letters.get(0), WireFormat.AVRO);
        assertThat(letter.getReason()).isEqualTo("malformed-bytes");
        assertThat(letter.getStage()).isEqualTo("alerting-decode");
        assertThat(letter.getSourceTopic()).isEqualTo(alertsTopic);
        assertThat(letter.getError()).contains("not Avro single-object encoding");
        assertThat(letter.getPayload()).isEqualTo(java.nio.ByteBuffer.wrap(junk));
        assertThat(get(service, "/metrics")).contains("driftwatch_alerting_dead_lettered_total 1");
    }

    @Test
    void serviceStoppedMidStreamAndRestartedSendsNoDuplicatePageAndMissesNone() throws Exception {
        AlertingConfig config = config("3s", "oncall", "");
        AlertingService first = start(config);
        publish("fraud", 10, AlertStatus.FIRING, Severity.CRITICAL);
        await("fraud is paged", () -> pagerDuty.events("trigger").size() == 1);

        publish("churn", 10, AlertStatus.FIRING, Severity.CRITICAL);
        await("churn is consumed", () -> first.metrics().total("driftwatch_alerting_alerts_received_total") == 20);
        first.close();
        assertThat(pagerDuty.events("trigger")).as("churn's group_wait had not ended").hasSize(1);

        start(config);
        awaitSettled();
        Instant quietUntil = Instant.now().plusSeconds(2);
        await("the restored fraud group flushed again", () -> Instant.now().isAfter(quietUntil));

        assertThat(pagerDuty.events("trigger")).extracting(t -> t.path("payload").path("component").asText())
                .containsExactlyInAnyOrder("fraud", "churn");
        assertThat(slack.headers()).containsExactlyInAnyOrder("[FIRING:10] Drift on fraud v1", "[FIRING:10] Drift on churn v1");

        publish("fraud", 10, AlertStatus.RESOLVED, Severity.CRITICAL);
        await("fraud is resolved", () -> pagerDuty.events("resolve").size() == 1);
        String fraudKey = pagerDuty.events("trigger").stream()
                .filter(t -> t.path("payload").path("component").asText().equals("fraud")).findFirst().orElseThrow()
                .path("dedup_key").asText();
        assertThat(pagerDuty.events("resolve").get(0).path("dedup_key").asText()).isEqualTo(fraudKey);
        assertThat(pagerDuty.violations()).isEmpty();
    }

    @Test
    void emailCarriesPlainTextAndHtmlOverAuthenticatedSmtp() throws Exception {
        start(config("500ms", "mail", ""));
        publish("fraud", 3, AlertStatus.FIRING, Severity.WARNING);

        await("one email arrived", () -> SMTP.getReceivedMessages().length == 1);

        MimeMessage email = SMTP.getReceivedMessages()[0];
        assertThat(email.getSubject()).isEqualTo("[FIRING:3] Drift on fraud v1");
        MimeMultipart parts = (MimeMultipart) email.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("feature feature_0: psi 0.31 vs threshold 0.25");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("<li>feature feature_0: psi 0.31");
    }

    private List<JsonNode> readAll(String topic, int expected) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (byte[] value : readRaw(topic, expected)) {
            values.add(JSON.readTree(value));
        }
        return values;
    }

    private List<byte[]> readRaw(String topic, int expected) {
        List<byte[]> values = new ArrayList<>();
        Map<String, Object> config = kafka.consumerConfig("reader-" + topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(DEADLINE);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static String get(AlertingService service, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + service.httpAddress().getPort() + path);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
