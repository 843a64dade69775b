package io.driftwatch.alerting.notify;

/** Keeps a durable record of a notification that could not be delivered. */
public interface FailureRecorder {
    /** Returns once the record is durable: the caller then treats the notification as handled. */
    void record(DeliveryFailure failure);
}
