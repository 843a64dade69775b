package io.driftwatch.alerting.notify;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One delivery lane per integration: a single thread that delivers that integration's notifications
 * in order, with {@link RetryingDelivery}'s retries. A failing Slack then retries on its own lane and
 * never delays a PagerDuty page. Outcomes are not acted on by the lane: they are queued and run by
 * the dispatcher's thread in {@link #runCompletions()}, so the dispatcher's state (groups,
 * notification log, offsets) stays single-threaded.
 */
public final class DeliveryLanes implements AutoCloseable {
    private final RetryingDelivery delivery;
    private final Supplier<Executor> newLane;
    private final Map<String, Executor> lanes = new ConcurrentHashMap<>();
    private final Queue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private boolean closed;

    /** {@code newLane} makes the executor of one integration; it must run its tasks one at a time, in order. */
    public DeliveryLanes(RetryingDelivery delivery, Supplier<Executor> newLane) {
        this.delivery = delivery;
        this.newLane = newLane;
    }

    /** Lanes on their own daemon threads, named after the integration (for thread dumps and logs). */
    public static DeliveryLanes onThreads(RetryingDelivery delivery) {
        AtomicInteger number = new AtomicInteger();
        return new DeliveryLanes(delivery, () -> Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "alerting-delivery-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Queues the notification on its integration's lane; once delivered or given up on (recorded),
     * {@code done} is queued for {@link #runCompletions()}. A delivery cut short by {@link #close()}, or
     * submitted after it, completes never: its notification is redone after the restart.
     */
    public synchronized void submit(Integration integration, Notification notification, Consumer<DeliveryResult> done) {
        if (closed) {
            return;
        }
        pending.incrementAndGet();
        lanes.computeIfAbsent(integration.id(), id -> newLane.get()).execute(() -> {
            try {
                DeliveryResult result = delivery.deliver(integration, notification);
                completions.add(() -> done.accept(result));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // E.g. the failure record could not be written: fatal, raised on the dispatcher's thread.
                completions.add(() -> {
                    throw e;
                });
            }
        });
    }

    /** Runs the queued outcomes on the calling thread (the dispatcher's); rethrows a lane's fatal error. */
    public void runCompletions() {
        for (Runnable completion = completions.poll(); completion != null; completion = completions.poll()) {
            pending.decrementAndGet();
            completion.run();
        }
    }

    /** Notifications submitted whose outcome has not been run yet (queued, retrying or just finished). */
    public int pending() {
        return pending.get();
    }

    /**
     * Interrupts the lanes (a retry wait or request in progress ends without an outcome), drops what is
     * queued so that no lane starts another notification, and waits for them briefly. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            lanes.values().forEach(lane -> {
                if (lane instanceof ExecutorService service) {
                    service.shutdownNow();
                }
            });
        }
        for (Executor lane : lanes.values()) {
            if (lane instanceof ExecutorService service) {
                try {
                    service.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
