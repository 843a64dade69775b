package io.driftwatch.alerting.state;

import java.util.List;

import io.driftwatch.alerting.Alert;

/**
 * Durable memory of the dispatcher: the alerts it holds and its notification log. Writes may be
 * buffered; {@link #flush()} makes them durable and is called before Kafka offsets are committed.
 */
public interface StateStore extends AutoCloseable {

    /** Everything saved and not forgotten, as it stood at the last flush. */
    Snapshot load();

    void saveAlert(Alert alert);

    void forgetAlert(String fingerprint);

    void saveNotification(NotificationRecord record);

    void forgetNotification(String key);

    void flush();

    @Override
    void close();

    record Snapshot(List<Alert> alerts, List<NotificationRecord> notifications) {
        public Snapshot {
            alerts = List.copyOf(alerts);
            notifications = List.copyOf(notifications);
        }
    }
}
