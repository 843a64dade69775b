package io.driftwatch.alerting.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Slack incoming webhook: a JSON payload with a non-empty {@code text} (the notification
 * fallback) and {@code blocks} — at most 50, each with a type; section text at most 3000
 * characters, header text at most 150; answers {@code ok} like Slack.
 */
public final class SlackStandIn extends HttpStandIn {
    public SlackStandIn() throws IOException {
        super("/services/T0000/B0000/webhook-secret-token");
    }

    @Override
    protected List<String> violations(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (!isNonEmptyText(body.get("text"))) {
            problems.add("text is missing");
        }
        JsonNode blocks = body.get("blocks");
        if (blocks == null || !blocks.isArray() || blocks.isEmpty()) {
            problems.add("blocks is missing");
            return problems;
        }
        if (blocks.size() > 50) {
            problems.add(blocks.size() + " blocks, more than 50");
        }
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            if (type.isEmpty()) {
                problems.add("block without type");
            }
            if ("section".equals(type) && block.path("text").path("text").asText().length() > 3000) {
                problems.add("section text longer than 3000");
            }
            if ("header".equals(type) && block.path("text").path("text").asText().length() > 150) {
                problems.add("header text longer than 150");
            }
        }
        return problems;
    }

    @Override
    protected Response success(JsonNode body) {
        return new Response(200, "ok");
    }

    /** Header texts of the accepted messages, in order. */
    public List<String> headers() {
        return accepted().stream().map(r -> r.body().path("blocks").get(0).path("text").path("text").asText()).toList();
    }
}
