package io.driftwatch.alerting.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.http.ServiceMetrics;

/**
 * Delivers a notification with retries: exponential backoff (doubling from {@code initialBackoff}
 * up to {@code maxBackoff}) with jitter (each wait is drawn from its upper half, so clients that
 * failed together do not retry together), honouring a server's Retry-After. Once the next attempt
 * would start after {@code giveUpAfter}, or the failure is not retryable, the failure is recorded
 * and the notification counts as handled.
 */
public final class RetryingDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingDelivery.class);

    /** Waits between attempts; tests pass one that advances a fake clock instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final AlertingConfig.Delivery policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final FailureRecorder failures;
    private final ServiceMetrics metrics;

    public RetryingDelivery(AlertingConfig.Delivery policy, Clock clock, Sleeper sleeper, DoubleSupplier random,
                            FailureRecorder failures, ServiceMetrics metrics) {
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.failures = failures;
        this.metrics = metrics;
    }

    /** @throws InterruptedException when the service stops mid-delivery: nothing is recorded then. */
    public DeliveryResult deliver(Integration integration, Notification notification) throws InterruptedException {
        Instant first = clock.instant();
        Instant giveUpAt = first.plus(policy.giveUpAfter());
        Duration backoff = policy.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                integration.notifier().send(notification);
                metrics.notificationSent(integration);
                return new DeliveryResult.Delivered(attempt);
            } catch (DeliveryException e) {
                Duration wait = e.retryAfter().orElse(jittered(backoff));
                Instant next = clock.instant().plus(wait);
                if (!e.retryable() || next.isAfter(giveUpAt)) {
                    return giveUp(integration, notification, attempt, e, first);
                }
                LOG.warn("{}: attempt {} for group {} failed ({}); retrying in {} ms",
                        integration.id(), attempt, notification.groupKey(), e.getMessage(), wait.toMillis());
                metrics.notificationRetried(integration);
                sleeper.sleep(wait);
                backoff = min(backoff.multipliedBy(2), policy.maxBackoff());
            } catch (RuntimeException e) {
                // A bug or a broken template in a notifier: record it instead of stalling the stream.
                return giveUp(integration, notification, attempt,
                        DeliveryException.permanent(e.getClass().getSimpleName() + ": " + e.getMessage()), first);
            }
        }
    }

    private DeliveryResult giveUp(Integration integration, Notification notification, int attempts,
                                  DeliveryException error, Instant first) {
        LOG.error("{}: giving up on group {} after {} attempt(s): {}",
                integration.id(), notification.groupKey(), attempts, error.getMessage());
        failures.record(new DeliveryFailure(integration.id(), notification.groupKey(), notification.dedupKey(),
                notification.isResolved() ? "resolved" : "firing",
                notification.subject().stream().map(Alert::fingerprint).toList(),
                attempts, error.getMessage(), first, clock.instant()));
        metrics.notificationFailed(integration);
        return new DeliveryResult.GaveUp(attempts, error.getMessage());
    }

    private Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + (long) (random.getAsDouble() * (millis - millis / 2)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
