package io.driftwatch.alerting.notify.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.notify.AlertText;
import io.driftwatch.alerting.notify.Notification;

/**
 * The Block Kit message of one group: a header, a section of fields (model and version, severity,
 * counts, since when), the most urgent {@code maxAlerts} alerts in sections (then "… and K more"),
 * buttons to the dashboard and runbook, and a context line. Kept inside Slack's limits by
 * construction: at most {@value #MAX_BLOCKS} blocks, {@value #MAX_SECTION_TEXT} characters per
 * section text, {@value #MAX_HEADER_TEXT} per header, {@value #MAX_FIELD_TEXT} per field.
 */
public final class SlackMessage {
    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_HEADER_TEXT = 150;
    public static final int MAX_FIELD_TEXT = 2000;
    public static final int MAX_BUTTON_URL = 3000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {
    }

    /**
     * Builds the webhook payload. With {@code maxAlerts} ≤ 40 the blocks are at most 1 header + 1
     * fields + 2 alert lists of ≤ 40 lines packed into ≤ 3000-character sections + context + actions.
     */
    public static ObjectNode build(Notification notification, AlertingConfig.Links links, int maxAlerts, Optional<String> channel) {
        List<ObjectNode> blocks = new ArrayList<>();
        String title = AlertText.title(notification);
        blocks.add(header(title));
        blocks.add(fields(notification));
        if (!notification.firing().isEmpty()) {
            packLines(AlertText.lines(notification.firing(), maxAlerts), "*Firing*", blocks);
        }
        if (!notification.resolved().isEmpty()) {
            packLines(AlertText.lines(notification.resolved(), maxAlerts), "*Resolved*", blocks);
        }
        List<AlertText.Link> buttons = AlertText.links(notification, links);
        if (!buttons.isEmpty()) {
            blocks.add(actions(buttons));
        }
        blocks.add(context("driftwatch alerting · receiver " + notification.receiver() + " · group " + notification.groupKey()));
        if (blocks.size() > MAX_BLOCKS) {
            // Unreachable with maxAlerts ≤ 40 (see above); a guard so a future change cannot break delivery.
            blocks = new ArrayList<>(blocks.subList(0, MAX_BLOCKS - 1));
            blocks.add(context("message shortened to Slack's " + MAX_BLOCKS + "-block limit"));
        }

        ObjectNode message = JSON.createObjectNode();
        channel.ifPresent(name -> message.put("channel", name));
        message.put("text", AlertText.truncate(title + "\n" + String.join("\n",
                AlertText.lines(notification.subject(), 3)), MAX_SECTION_TEXT));
        ArrayNode array = message.putArray("blocks");
        blocks.forEach(array::add);
        return message;
    }

    private static ObjectNode header(String title) {
        ObjectNode block = JSON.createObjectNode().put("type", "header");
        block.putObject("text").put("type", "plain_text").put("text", AlertText.truncate(title, MAX_HEADER_TEXT));
        return block;
    }

    private static ObjectNode fields(Notification notification) {
        ObjectNode block = JSON.createObjectNode().put("type", "section");
        ArrayNode fields = block.putArray("fields");
        Alert top = notification.subject().get(0);
        field(fields, "*Model / version*\n" + AlertText.modelAndVersion(notification));
        field(fields, "*Severity*\n" + Alert.severityName(notification.severity()));
        field(fields, "*Top drift*\n" + top.feature().map(f -> "`" + f + "` ").orElse("model-level ")
                + top.metric() + " " + AlertText.number(top.value()) + " vs threshold " + AlertText.number(top.threshold()));
        long since = AlertText.since(notification).getEpochSecond();
        field(fields, "*Since*\n<!date^" + since + "^{date_short_pretty} {time}|" + AlertText.since(notification) + ">");
        field(fields, "*Alerts*\n" + notification.firing().size() + " firing, " + notification.resolved().size() + " resolved");
        return block;
    }

    private static void field(ArrayNode fields, String text) {
        fields.addObject().put("type", "mrkdwn").put("text", AlertText.truncate(text, MAX_FIELD_TEXT));
    }

    /** Puts as many whole lines as fit into each section of at most 3000 characters. */
    private static void packLines(List<String> lines, String heading, List<ObjectNode> blocks) {
        StringBuilder text = new StringBuilder(heading);
        for (String line : lines) {
            String item = "\n• " + AlertText.truncate(line, MAX_SECTION_TEXT - 3);
            if (text.length() + item.length() > MAX_SECTION_TEXT) {
                blocks.add(section(text.toString()));
                text.setLength(0);
                text.append(item.substring(1));
            } else {
                text.append(item);
            }
        }
        blocks.add(section(text.toString()));
    }

    private static ObjectNode section(String markdown) {
        ObjectNode block = JSON.createObjectNode().put("type", "section");
        block.putObject("text").put("type", "mrkdwn").put("text", AlertText.truncate(markdown, MAX_SECTION_TEXT));
        return block;
    }

    private static ObjectNode actions(List<AlertText.Link> links) {
        ObjectNode block = JSON.createObjectNode().put("type", "actions");
        ArrayNode elements = block.putArray("elements");
        for (AlertText.Link link : links) {
            ObjectNode button = elements.addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", link.text());
            button.put("url", AlertText.truncate(link.url(), MAX_BUTTON_URL));
        }
        return block;
    }

    private static ObjectNode context(String markdown) {
        ObjectNode block = JSON.createObjectNode().put("type", "context");
        block.putArray("elements").addObject().put("type", "mrkdwn").put("text", AlertText.truncate(markdown, MAX_SECTION_TEXT));
        return block;
    }
}
