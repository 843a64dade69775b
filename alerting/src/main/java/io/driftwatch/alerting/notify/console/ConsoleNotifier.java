package io.driftwatch.alerting.notify.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.notify.AlertText;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.notify.Notifier;

/** Writes each notification to the log: for local runs, demos, and as an audit trail. */
public final class ConsoleNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleNotifier.class);
    private static final int MAX_LINES = 20;

    private final AlertingConfig.Links links;

    public ConsoleNotifier(AlertingConfig.Links links) {
        this.links = links;
    }

    @Override
    public void send(Notification notification) {
        StringBuilder text = new StringBuilder(AlertText.title(notification))
                .append(" (receiver ").append(notification.receiver()).append(", group ").append(notification.groupKey()).append(')');
        AlertText.lines(notification.firing(), MAX_LINES).forEach(line -> text.append("\n  firing: ").append(line));
        AlertText.lines(notification.resolved(), MAX_LINES).forEach(line -> text.append("\n  resolved: ").append(line));
        AlertText.links(notification, links).forEach(link -> text.append("\n  ").append(link.text()).append(": ").append(link.url()));
        LOG.info("{}", text);
    }
}
