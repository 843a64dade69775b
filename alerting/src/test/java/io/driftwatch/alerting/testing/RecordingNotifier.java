package io.driftwatch.alerting.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.driftwatch.alerting.notify.DeliveryException;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.notify.Notifier;

/** Keeps every notification it accepts; fails with queued exceptions first when told to. */
public final class RecordingNotifier implements Notifier {
    private final List<Notification> sent = new ArrayList<>();
    private final Deque<DeliveryException> failures = new ArrayDeque<>();
    private int attempts;

    public void failNext(DeliveryException failure) {
        failures.add(failure);
    }

    @Override
    public void send(Notification notification) throws DeliveryException {
        attempts++;
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
        sent.add(notification);
    }

    public List<Notification> sent() {
        return sent;
    }

    public int attempts() {
        return attempts;
    }
}
