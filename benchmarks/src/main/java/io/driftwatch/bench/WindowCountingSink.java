package io.driftwatch.bench;

import io.driftwatch.flink.influx.InfluxPoint;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Stands in for the InfluxDB sink: keeps, per window end, the event count of the job's
 * {@code engine} point (the largest of its revisions) and when the first and the latest window were
 * written. The job runs on a MiniCluster in this JVM, so the writers report to a {@link Ledger}
 * found by name.
 */
final class WindowCountingSink implements Sink<InfluxPoint> {
    private static final Map<String, Ledger> LEDGERS = new ConcurrentHashMap<>();

    private final String ledgerName;

    private WindowCountingSink(String ledgerName) {
        this.ledgerName = ledgerName;
    }

    /** A sink and the ledger its writers fill. */
    static WindowCountingSink withLedger(String name, Ledger ledger) {
        if (LEDGERS.putIfAbsent(name, ledger) != null) {
            throw new IllegalArgumentException("ledger " + name + " already exists");
        }
        return new WindowCountingSink(name);
    }

    @Override
    public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) {
        Ledger ledger = LEDGERS.get(ledgerName);
        return new SinkWriter<>() {
            @Override
            public void write(InfluxPoint point, Context context) {
                Long events = point.integers().get("events");
                if ("engine".equals(point.measurement()) && events != null) {
                    ledger.window(point.timestamp(), events, point.integers().get("late"));
                }
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** What the job wrote: events (and late events) per window and when. */
    static final class Ledger {
        private final Map<Long, Long> eventsByWindowEnd = new HashMap<>();
        private final Map<Long, Long> lateByWindowEnd = new HashMap<>();
        private long firstWindowNanos;
        private long firstWindowEvents;
        private long lastWindowNanos;

        private synchronized void window(long windowEnd, long events, long late) {
            long now = System.nanoTime();
            if (eventsByWindowEnd.isEmpty()) {
                firstWindowNanos = now;
                firstWindowEvents = events;
            }
            eventsByWindowEnd.merge(windowEnd, events, Math::max);
            lateByWindowEnd.merge(windowEnd, late, Math::max);
            lastWindowNanos = now;
        }

        synchronized long events() {
            return eventsByWindowEnd.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Events counted in their window only after it had closed (late, within the allowed lateness). */
        synchronized long lateEvents() {
            return lateByWindowEnd.values().stream().mapToLong(Long::longValue).sum();
        }

        synchronized int windows() {
            return eventsByWindowEnd.size();
        }

        synchronized long firstWindowNanos() {
            return firstWindowNanos;
        }

        synchronized long firstWindowEvents() {
            return firstWindowEvents;
        }

        synchronized long lastWindowNanos() {
            return lastWindowNanos;
        }
    }
}
