package io.driftwatch.alerting.notify;

/** How a delivery ended: the notification was accepted, or retrying gave up and it was recorded. */
public sealed interface DeliveryResult {
    int attempts();

    record Delivered(int attempts) implements DeliveryResult {
    }

    record GaveUp(int attempts, String lastError) implements DeliveryResult {
    }
}
