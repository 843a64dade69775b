package io.driftwatch.demo.observe;

import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console of the embedded stack: one table row per evaluated window (model, version, events,
 * the features with the largest PSI with their KS D, the alerts firing), and one line per alert
 * transition, retrain request and deployment as they are committed to their topics.
 */
public final class LiveConsole implements RunRecorder.Listener {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final int TOP_FEATURES = 3;
    private static final String ROW = "%-13s %-11s %-4s %6s  %-56s %s%n";

    private final PrintWriter out;
    private final JobConfig.Alerts alertRules;
    private final long windowMillis;
    private final Map<String, DriftAlert> firing = new HashMap<>();
    private boolean headerPrinted;

    public LiveConsole(PrintWriter out, JobConfig job) {
        this.out = out;
        this.alertRules = job.alerts();
        this.windowMillis = job.windows().size().toMillis();
    }

    @Override
    public synchronized void onWindow(WindowResult window) {
        if (!headerPrinted) {
            out.printf(ROW, "window (UTC)", "model", "ver", "events",
                    "top features by PSI: psi/ks_d (* = beyond warning)", "alerts firing");
            headerPrinted = true;
        }
        List<FeatureMetrics> drifting = window.drifting(alertRules);
        String top = window.byPsi().stream().limit(TOP_FEATURES)
                .map(f -> String.format(Locale.ROOT, "%s%s %.2f/%s", drifting.contains(f) ? "*" : "", f.seriesName(),
                        f.psi(), Double.isNaN(f.ksD()) ? "-" : String.format(Locale.ROOT, "%.2f", f.ksD())))
                .collect(Collectors.joining("  "));
        out.printf(ROW, CLOCK.format(Instant.ofEpochMilli(window.windowEnd() - windowMillis)) + "-"
                        + CLOCK.format(Instant.ofEpochMilli(window.windowEnd())),
                window.model(), window.version(), window.events(), top, firingSummary(window.model(), window.version()));
        out.flush();
    }

    private String firingSummary(String model, String version) {
        List<DriftAlert> alerts = firing.values().stream()
                .filter(a -> a.getModelId().equals(model) && a.getModelVersion().equals(version)).toList();
        if (alerts.isEmpty()) {
            return "-";
        }
        return alerts.size() + " (" + alerts.stream().map(LiveConsole::seriesOf).sorted().limit(4)
                .collect(Collectors.joining(", ")) + (alerts.size() > 4 ? ", ..." : "") + ")";
    }

    private static String seriesOf(DriftAlert alert) {
        return (alert.getFeature() == null ? "model" : alert.getFeature()) + ":" + alert.getMetric();
    }

    @Override
    public synchronized void onAlert(DriftAlert alert) {
        if (alert.getStatus() == AlertStatus.FIRING) {
            firing.put(alert.getFingerprint(), alert);
        } else {
            firing.remove(alert.getFingerprint());
        }
        // A series resolved because its version's traffic stopped has no value to show.
        String measured = Double.isNaN(alert.getValue()) ? "no traffic"
                : String.format(Locale.ROOT, "= %.3f (limit %.3f)", alert.getValue(), alert.getThreshold());
        out.printf(Locale.ROOT, "  [alert]   %s %s %s %s %s %s, window ending %s%n", alert.getStatus(),
                alert.getSeverity(), alert.getModelId(), alert.getModelVersion(), seriesOf(alert), measured,
                CLOCK.format(alert.getWindowEnd()));
        out.flush();
    }

    @Override
    public synchronized void onRetrainRequest(RetrainRequest request) {
        out.printf(Locale.ROOT, "  [retrain] request for %s %s: %s; train on [%s, %s)%n", request.getModelId(),
                request.getModelVersion(), request.getReason(), CLOCK.format(request.getDataFrom()),
                CLOCK.format(request.getDataTo()));
        out.flush();
    }

    @Override
    public synchronized void onDeployment(ModelDeployed deployment) {
        Double auc = deployment.getEvaluationMetrics().get("auc");
        out.printf(Locale.ROOT, "  [deploy]  %s %s in production (previous %s)%s%n", deployment.getModelId(),
                deployment.getNewVersion(), deployment.getPreviousVersion() == null ? "none" : deployment.getPreviousVersion(),
                auc == null ? "" : String.format(Locale.ROOT, ", evaluation AUC %.3f", auc));
        out.flush();
    }

    /** A line of the story's own progress, between the table rows. */
    public synchronized void say(String line) {
        out.println("  [demo]    " + line);
        out.flush();
    }
}
