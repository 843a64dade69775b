package io.driftwatch.demo.observe;

import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.influx.InfluxPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run of the embedded stack produced, as it happens: the drift job's window metrics
 * (from its InfluxDB points) and the alerts, retrain requests and deployments read from their
 * topics. A listener hears of each as it completes; the HTML report reads the whole record at the end.
 * Thread-safe: points come from Flink's sink threads, topic records from the watcher's thread.
 */
public final class RunRecorder {
    /** Told of each completed window and each record read from the output topics. */
    public interface Listener {
        void onWindow(WindowResult window);

        void onAlert(DriftAlert alert);

        void onRetrainRequest(RetrainRequest request);

        void onDeployment(ModelDeployed deployment);
    }

    private record WindowKey(String model, String version, long windowEnd) {}

    private final Listener listener;
    private final Map<WindowKey, Map<String, FeatureMetrics>> open = new LinkedHashMap<>();
    private final Map<WindowKey, WindowResult> windows = new LinkedHashMap<>();
    private final List<DriftAlert> alerts = new ArrayList<>();
    private final List<RetrainRequest> retrainRequests = new ArrayList<>();
    private final List<ModelDeployed> deployments = new ArrayList<>();

    public RunRecorder(Listener listener) {
        this.listener = listener;
    }

    /**
     * Takes one point of the drift job. A window's feature points come before its {@code engine}
     * point (one evaluation is written in that order by one sink writer), so the engine point
     * completes the window; a late re-evaluation completes it again and replaces it.
     */
    public void accept(InfluxPoint point) {
        String model = point.tags().get("model");
        String version = point.tags().get("version");
        if (model == null || version == null) {
            return; // per-reason dead-letter counts: engine health, not a window
        }
        WindowKey key = new WindowKey(model, version, point.timestamp());
        WindowResult completed = null;
        synchronized (this) {
            String feature = point.tags().get("feature");
            switch (point.measurement()) {
                case "drift", "prediction" -> featuresOf(key).compute(keyOf(point), (name, known) ->
                        (known == null ? FeatureMetrics.empty(feature, point.measurement().equals("prediction"),
                                point.tags().getOrDefault("type", "")) : known)
                                .withDrift(field(point, "psi"), field(point, "ks_d"), field(point, "ks_p")));
                case "data_quality" -> featuresOf(key).compute(keyOf(point), (name, known) ->
                        (known == null ? FeatureMetrics.empty(feature, false, point.tags().getOrDefault("type", "")) : known)
                                .withQuality(field(point, "missing_frac"), field(point, "out_of_range_frac"),
                                        field(point, "unseen_frac")));
                case "engine" -> {
                    long events = point.integers().getOrDefault("events", 0L);
                    completed = new WindowResult(model, version, point.timestamp(), events,
                            List.copyOf(featuresOf(key).values()));
                    windows.put(key, completed);
                    open.remove(key);
                }
                default -> {
                    // alerts (annotations), performance and latency are not part of a window's drift table
                }
            }
        }
        if (completed != null) {
            listener.onWindow(completed);
        }
    }

    private Map<String, FeatureMetrics> featuresOf(WindowKey key) {
        return open.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    private static String keyOf(InfluxPoint point) {
        return point.measurement().equals("prediction") ? "prediction." + point.tags().get("feature") : point.tags().get("feature");
    }

    private static double field(InfluxPoint point, String name) {
        Double value = point.floats().get(name);
        return value == null ? Double.NaN : value;
    }

    public void alert(DriftAlert alert) {
        synchronized (this) {
            alerts.add(alert);
        }
        listener.onAlert(alert);
    }

    public void retrainRequest(RetrainRequest request) {
        synchronized (this) {
            retrainRequests.add(request);
        }
        listener.onRetrainRequest(request);
    }

    public void deployment(ModelDeployed deployment) {
        synchronized (this) {
            deployments.add(deployment);
        }
        listener.onDeployment(deployment);
    }

    /** Completed windows in time order. */
    public synchronized List<WindowResult> windows() {
        return windows.values().stream()
                .sorted(java.util.Comparator.comparingLong(WindowResult::windowEnd).thenComparing(WindowResult::version))
                .toList();
    }

    public synchronized List<DriftAlert> alerts() {
        return List.copyOf(alerts);
    }

    public synchronized List<RetrainRequest> retrainRequests() {
        return List.copyOf(retrainRequests);
    }

    public synchronized List<ModelDeployed> deployments() {
        return List.copyOf(deployments);
    }
}
