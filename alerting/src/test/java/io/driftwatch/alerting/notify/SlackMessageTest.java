package io.driftwatch.alerting.notify;

import static io.driftwatch.alerting.testing.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.notify.slack.SlackMessage;
import io.driftwatch.alerting.testing.TestAlerts;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Severity;

class SlackMessageTest {
    private static final AlertingConfig.Links LINKS = new AlertingConfig.Links(
            Optional.of("https://grafana.example/d/x?var-model={model}&var-version={version}"),
            Optional.of("https://runbooks.example/{metric}"));

    private static List<Alert> alerts(int count, String featurePrefix) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(Alert.of(TestAlerts.event("fraud model", featurePrefix + i, Severity.WARNING, AlertStatus.FIRING, Map.of())));
        }
        return alerts;
    }

    private static ObjectNode message(List<Alert> firing, int maxAlerts) {
        return SlackMessage.build(new Notification("route{model=\"fraud\"}", "team", Map.of("model", "fraud"),
                firing, List.of(), T0), LINKS, maxAlerts, Optional.of("#drift"));
    }

    private static void assertWithinSlackLimits(ObjectNode message) {
        assertThat(message.path("text").asText()).isNotBlank();
        JsonNode blocks = message.path("blocks");
        assertThat(blocks.size()).isBetween(1, SlackMessage.MAX_BLOCKS);
        for (JsonNode block : blocks) {
            if ("section".equals(block.path("type").asText()) && block.has("text")) {
                assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_SECTION_TEXT);
            }
            if ("header".equals(block.path("type").asText())) {
                assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_HEADER_TEXT);
            }
            block.path("fields").forEach(field -> assertThat(field.path("text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_FIELD_TEXT));
        }
    }

    @Test
    void hugeGroupIsSummarisedWithinSlackLimits() {
        ObjectNode message = message(alerts(500, "feature_"), 40);

        assertWithinSlackLimits(message);
        assertThat(message.toString()).contains("… and 460 more");
        assertThat(message.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("[FIRING:500] Drift on fraud model v1");
    }

    @Test
    void veryLongAlertLinesAreSplitAndCutAtThreeThousandCharacters() {
        ObjectNode message = message(alerts(40, "x".repeat(5000)), 40);

        assertWithinSlackLimits(message);
    }

    @Test
    void messageLinksToDashboardAndRunbookFromTheTemplates() {
        ObjectNode message = message(alerts(2, "amount"), 10);

        JsonNode actions = message.path("blocks").findParents("elements").stream()
                .filter(block -> "actions".equals(block.path("type").asText())).findFirst().orElseThrow();
        assertThat(actions.path("elements")).extracting(button -> button.path("url").asText()).containsExactly(
                "https://grafana.example/d/x?var-model=fraud+model&var-version=v1", "https://runbooks.example/psi");
        assertThat(message.path("channel").asText()).isEqualTo("#drift");
    }

    @Test
    void resolvedMessageSaysResolved() {
        Alert done = Alert.of(TestAlerts.event("fraud", "amount", Severity.WARNING, AlertStatus.RESOLVED, Map.of()));
        ObjectNode message = SlackMessage.build(new Notification("g", "team", Map.of(), List.of(), List.of(done), T0),
                LINKS, 10, Optional.empty());

        assertThat(message.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("[RESOLVED] Drift on fraud v1");
        assertThat(message.has("channel")).isFalse();
    }
}
