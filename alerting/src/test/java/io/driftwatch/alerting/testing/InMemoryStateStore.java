package io.driftwatch.alerting.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.state.NotificationRecord;
import io.driftwatch.alerting.state.StateStore;

/** A state store in memory: survives a "restart" when the test hands it to a new dispatcher. */
public final class InMemoryStateStore implements StateStore {
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, NotificationRecord> notifications = new LinkedHashMap<>();

    @Override
    public Snapshot load() {
        return new Snapshot(new ArrayList<>(alerts.values()), new ArrayList<>(notifications.values()));
    }

    @Override
    public void saveAlert(Alert alert) {
        alerts.put(alert.fingerprint(), alert);
    }

    @Override
    public void forgetAlert(String fingerprint) {
        alerts.remove(fingerprint);
    }

    @Override
    public void saveNotification(NotificationRecord record) {
        notifications.put(record.key(), record);
    }

    @Override
    public void forgetNotification(String key) {
        notifications.remove(key);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
