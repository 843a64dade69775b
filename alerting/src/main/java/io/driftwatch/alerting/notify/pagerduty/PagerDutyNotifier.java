package io.driftwatch.alerting.notify.pagerduty;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.notify.AlertText;
import io.driftwatch.alerting.notify.DeliveryException;
import io.driftwatch.alerting.notify.JsonHttp;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.notify.Notifier;
import io.driftwatch.events.Severity;

/**
 * PagerDuty Events API v2: a {@code trigger} while the group has firing alerts and a
 * {@code resolve} when none is left, both with the group's stable {@code dedup_key}, so repeated
 * triggers update one incident instead of opening new ones.
 */
public final class PagerDutyNotifier implements Notifier {
    /** PagerDuty's limit on {@code payload.summary}. */
    public static final int MAX_SUMMARY = 1024;
    /** How many alert lines go into {@code custom_details}; the rest are counted. */
    static final int MAX_DETAIL_LINES = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final IntegrationConfig.PagerDuty config;
    private final AlertingConfig.Links links;
    private final JsonHttp http;

    public PagerDutyNotifier(String name, IntegrationConfig.PagerDuty config, AlertingConfig.Links links, JsonHttp http) {
        this.name = name;
        this.config = config;
        this.links = links;
        this.http = http;
    }

    @Override
    public void send(Notification notification) throws DeliveryException {
        http.post(config.url(), event(notification), name);
    }

    ObjectNode event(Notification notification) {
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", config.routingKey().reveal());
        event.put("dedup_key", notification.dedupKey());
        if (notification.isResolved()) {
            event.put("event_action", "resolve");
            return event;
        }
        event.put("event_action", "trigger");
        event.put("client", "driftwatch alerting");
        Alert top = notification.firing().get(0);
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", AlertText.truncate(AlertText.title(notification) + ": " + AlertText.line(top), MAX_SUMMARY));
        payload.put("source", config.source());
        payload.put("severity", severity(notification.severity()));
        payload.put("timestamp", AlertText.since(notification).toString());
        payload.put("component", top.model());
        payload.put("group", top.version());
        payload.put("class", top.metric());
        ObjectNode details = payload.putObject("custom_details");
        details.put("firing_count", notification.firing().size());
        ArrayNode firing = details.putArray("firing");
        AlertText.lines(notification.firing(), MAX_DETAIL_LINES).forEach(firing::add);
        if (!notification.resolved().isEmpty()) {
            ArrayNode resolved = details.putArray("resolved_since_last_message");
            AlertText.lines(notification.resolved(), MAX_DETAIL_LINES).forEach(resolved::add);
        }
        ObjectNode groupLabels = details.putObject("group_labels");
        notification.groupLabels().forEach(groupLabels::put);
        ArrayNode linkArray = event.putArray("links");
        AlertText.links(notification, links).forEach(link -> linkArray.addObject().put("href", link.url()).put("text", link.text()));
        return event;
    }

    /** driftwatch's three severities onto PagerDuty's critical/error/warning/info. */
    static String severity(Severity severity) {
        return Map.of(Severity.CRITICAL, "critical", Severity.WARNING, "warning", Severity.INFO, "info").get(severity);
    }
}
