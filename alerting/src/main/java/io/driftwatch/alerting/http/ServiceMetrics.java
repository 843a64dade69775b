package io.driftwatch.alerting.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.driftwatch.alerting.notify.Integration;

/**
 * The service's counters and gauges, rendered in the Prometheus text exposition format (0.0.4).
 * Counters are updated by the service thread and read by the HTTP thread, hence the concurrent types.
 */
public final class ServiceMetrics {
    private static final Map<String, String> HELP = Map.of(
            "driftwatch_alerting_alerts_received_total", "Drift alert events consumed from Kafka.",
            "driftwatch_alerting_dead_lettered_total", "Unreadable alert records sent to the dead-letter topic.",
            "driftwatch_alerting_notifications_sent_total", "Notifications accepted by their integration.",
            "driftwatch_alerting_notifications_failed_total", "Notifications given up on and recorded as failed.",
            "driftwatch_alerting_notifications_retried_total", "Delivery attempts that failed and were retried.",
            "driftwatch_alerting_groups_active", "Alert groups currently held by the dispatcher.",
            "driftwatch_alerting_alerts_active", "Alerts (firing or awaiting their resolved message) held.",
            "driftwatch_alerting_consumer_lag", "Records of the alerts topic not yet consumed (sum over partitions).",
            "driftwatch_alerting_deliveries_pending", "Notifications queued or being delivered (retrying included) on the delivery lanes.");

    private final Map<String, Map<String, LongAdder>> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    public void alertReceived() {
        counter("driftwatch_alerting_alerts_received_total", "").increment();
    }

    /** A record of the alerts topic that could not be read went to the dead-letter topic. */
    public void deadLettered() {
        counter("driftwatch_alerting_dead_lettered_total", "").increment();
    }

    public void notificationSent(Integration integration) {
        counter("driftwatch_alerting_notifications_sent_total", labels(integration)).increment();
    }

    public void notificationFailed(Integration integration) {
        counter("driftwatch_alerting_notifications_failed_total", labels(integration)).increment();
    }

    public void notificationRetried(Integration integration) {
        counter("driftwatch_alerting_notifications_retried_total", labels(integration)).increment();
    }

    /** Registers a gauge read at each scrape. */
    public void gauge(String name, LongSupplier value) {
        if (!HELP.containsKey(name)) {
            throw new IllegalArgumentException("undocumented metric " + name);
        }
        gauges.put(name, value);
    }

    /** A counter's current value summed over its label sets; for tests and the health check. */
    public long total(String name) {
        return counters.getOrDefault(name, Map.of()).values().stream().mapToLong(LongAdder::sum).sum();
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(HELP).forEach((name, help) -> {
            boolean counter = name.endsWith("_total");
            text.append("# HELP ").append(name).append(' ').append(help).append('\n');
            text.append("# TYPE ").append(name).append(counter ? " counter" : " gauge").append('\n');
            if (counter) {
                Map<String, LongAdder> series = counters.getOrDefault(name, Map.of());
                if (series.isEmpty()) {
                    text.append(name).append(" 0\n");
                }
                new TreeMap<>(series).forEach((labels, value) ->
                        text.append(name).append(labels).append(' ').append(value.sum()).append('\n'));
            } else if (gauges.containsKey(name)) {
                text.append(name).append(' ').append(gauges.get(name).getAsLong()).append('\n');
            }
        });
        return text.toString();
    }

    private LongAdder counter(String name, String labels) {
        return counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(labels, l -> new LongAdder());
    }

    private static String labels(Integration integration) {
        return "{receiver=\"" + escape(integration.receiver()) + "\",integration=\"" + escape(integration.kind()) + "\"}";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
