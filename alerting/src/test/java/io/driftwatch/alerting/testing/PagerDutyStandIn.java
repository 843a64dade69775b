package io.driftwatch.alerting.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): {@code routing_key} of 32 characters;
 * {@code event_action} trigger, acknowledge or resolve; {@code dedup_key} at most 255 characters
 * and required unless triggering; a trigger needs {@code payload.summary} (≤ 1024),
 * {@code payload.source} and {@code payload.severity} in critical, error, warning, info.
 * Answers 202 with the dedup key, like PagerDuty.
 */
public final class PagerDutyStandIn extends HttpStandIn {
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    public PagerDutyStandIn() throws IOException {
        super("/v2/enqueue");
    }

    @Override
    protected List<String> violations(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (!isNonEmptyText(body.get("routing_key")) || body.get("routing_key").asText().length() != 32) {
            problems.add("routing_key must be 32 characters");
        }
        String action = body.path("event_action").asText();
        if (!ACTIONS.contains(action)) {
            problems.add("event_action '" + action + "' is not trigger, acknowledge or resolve");
        }
        JsonNode dedupKey = body.get("dedup_key");
        if (dedupKey != null && (!dedupKey.isTextual() || dedupKey.asText().length() > 255)) {
            problems.add("dedup_key must be a string of at most 255 characters");
        }
        if (!"trigger".equals(action) && !isNonEmptyText(dedupKey)) {
            problems.add("dedup_key is required for " + action);
        }
        if ("trigger".equals(action)) {
            JsonNode payload = body.path("payload");
            if (!isNonEmptyText(payload.get("summary")) || payload.get("summary").asText().length() > 1024) {
                problems.add("payload.summary is required, at most 1024 characters");
            }
            if (!isNonEmptyText(payload.get("source"))) {
                problems.add("payload.source is required");
            }
            if (!SEVERITIES.contains(payload.path("severity").asText())) {
                problems.add("payload.severity '" + payload.path("severity").asText() + "' is not critical, error, warning or info");
            }
            if (payload.has("custom_details") && !payload.get("custom_details").isObject()) {
                problems.add("payload.custom_details must be an object");
            }
            for (JsonNode link : body.path("links")) {
                if (!isNonEmptyText(link.get("href"))) {
                    problems.add("links[].href is required");
                }
            }
        }
        return problems;
    }

    @Override
    protected Response success(JsonNode body) {
        return new Response(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                + body.path("dedup_key").asText() + "\"}");
    }

    public List<JsonNode> events(String action) {
        return accepted().stream().map(Received::body).filter(b -> action.equals(b.path("event_action").asText())).toList();
    }
}
