package io.driftwatch.alerting.notify;

/** Sends one notification once; retrying is the caller's job ({@link RetryingDelivery}). */
public interface Notifier {
    void send(Notification notification) throws DeliveryException;
}
