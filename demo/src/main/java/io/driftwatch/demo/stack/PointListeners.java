package io.driftwatch.demo.stack;

import io.driftwatch.flink.influx.InfluxPoint;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands the drift job's InfluxDB points to a listener in the same JVM. Flink serialises sinks and
 * builds their writers from the copies, so a sink cannot carry the listener itself; it carries a
 * channel id, and the writer looks the listener up here. Works because the embedded stack runs the
 * job on a MiniCluster inside this JVM.
 */
final class PointListeners {
    private static final Map<String, Consumer<InfluxPoint>> LISTENERS = new ConcurrentHashMap<>();

    private PointListeners() {}

    /** Registers {@code listener} under a new channel id. */
    static String register(Consumer<InfluxPoint> listener) {
        String channel = UUID.randomUUID().toString();
        LISTENERS.put(channel, listener);
        return channel;
    }

    static void unregister(String channel) {
        LISTENERS.remove(channel);
    }

    /** The channel's listener; points of a channel closed meanwhile are dropped. */
    static Consumer<InfluxPoint> listener(String channel) {
        return point -> {
            Consumer<InfluxPoint> listener = LISTENERS.get(channel);
            if (listener != null) {
                listener.accept(point);
            }
        };
    }
}
