package io.driftwatch.flink.alert;

import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.alert.Transition;
import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;
import io.driftwatch.flink.config.JobConfig;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link DriftAlert}s for every alert stage of the job (drift, performance, latency): labels for
 * routing, a one-line summary and the configured links, the same way for all.
 */
public final class AlertMessages implements Serializable {
    /** Annotation of a RESOLVED that no window measured: why it resolved. */
    public static final String RESOLVED_BECAUSE = "resolved_because";

    private final JobConfig.Alerts config;

    public AlertMessages(JobConfig.Alerts config) {
        this.config = config;
    }

    /** @param thresholds where a feature series' thresholds came from (annotated); null for the model level */
    public DriftAlert alert(AlertSeries series, Transition transition, CalibratedThresholds.Provenance thresholds) {
        String feature = series.feature();
        Severity severity = severity(transition.level());
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put("model", series.model());
        labels.put("version", series.version());
        if (feature != null) {
            labels.put("feature", feature);
        }
        if (series.segment() != null) {
            labels.put("segment", series.segment());
        }
        labels.put("metric", series.metric());
        labels.put("severity", severity.name().toLowerCase(Locale.ROOT));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(series, feature, transition));
        if (thresholds != null) {
            annotations.put(AlertEvaluator.THRESHOLDS_ANNOTATION, thresholds.name().toLowerCase(Locale.ROOT));
        }
        putLink(annotations, "dashboard_url", config.dashboardUrl(), series, feature);
        putLink(annotations, "runbook_url", config.runbookUrl(), series, feature);
        return DriftAlert.newBuilder()
                .setFingerprint(series.fingerprint())
                .setStatus(transition.status() == Transition.Status.FIRING ? AlertStatus.FIRING : AlertStatus.RESOLVED)
                .setSeverity(severity)
                .setModelId(series.model())
                .setModelVersion(series.version())
                .setFeature(feature)
                .setMetric(series.metric())
                .setValue(transition.value())
                .setThreshold(transition.threshold())
                .setWindowStart(Instant.ofEpochMilli(transition.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(transition.windowEnd()))
                .setStartedAt(Instant.ofEpochMilli(transition.startedAt()))
                .setLabels(labels)
                .setAnnotations(annotations)
                .build();
    }

    /**
     * The RESOLVED of a series whose stream went silent ({@link SilentStreams}): {@value #RESOLVED_BECAUSE} =
     * {@code no-traffic}, no value (there is no window to measure), the window of the stream that noticed.
     * Empty unless the series was firing (a pending series just ends).
     *
     * @param lastWindowEnd end of the silent stream's last window (epoch ms)
     */
    public Optional<DriftAlert> noTrafficResolved(AlertSeries series, AlertState state, long lastWindowEnd,
                                                  long windowStart, long windowEnd) {
        if (state == null || state.phase() != AlertState.Phase.FIRING) {
            return Optional.empty();
        }
        Transition resolved = new Transition(Transition.Status.RESOLVED, state.firedLevel(), Double.NaN, Double.NaN,
                windowStart, windowEnd, state.startedAt());
        DriftAlert alert = alert(series, resolved, null);
        alert.getAnnotations().put(RESOLVED_BECAUSE, "no-traffic");
        alert.getAnnotations().put("summary", String.format(Locale.ROOT,
                "%s of %s%s %s resolved: no traffic for this version since %s (its traffic moved on, e.g. to a newer"
                        + " version)", series.metric(), series.feature() == null ? "" : series.feature() + " of ",
                series.model(), series.version(), Instant.ofEpochMilli(lastWindowEnd)));
        return Optional.of(alert);
    }

    private static String summary(AlertSeries series, String feature, Transition transition) {
        String subject = (feature == null ? "model " : "feature " + feature + " of model ") + series.model() + " "
                + series.version() + (series.segment() == null ? "" : " (segment " + series.segment() + ")");
        if (transition.status() == Transition.Status.RESOLVED) {
            return String.format(Locale.ROOT, "%s of %s back to normal: %.4g in window ending %s", series.metric(),
                    subject, transition.value(), Instant.ofEpochMilli(transition.windowEnd()));
        }
        return String.format(Locale.ROOT, "%s of %s is %.4g (%s limit %.4g) in window ending %s", series.metric(),
                subject, transition.value(), transition.level().name().toLowerCase(Locale.ROOT),
                transition.threshold(), Instant.ofEpochMilli(transition.windowEnd()));
    }

    private static void putLink(Map<String, String> annotations, String name, String template, AlertSeries series,
                                String feature) {
        if (!template.isEmpty()) {
            annotations.put(name, template.replace("{model}", series.model()).replace("{version}", series.version())
                    .replace("{feature}", feature == null ? "" : feature).replace("{metric}", series.metric()));
        }
    }

    private static Severity severity(Level level) {
        switch (level) {
            case CRITICAL:
                return Severity.CRITICAL;
            case WARNING:
                return Severity.WARNING;
            default:
                return Severity.INFO;
        }
    }
}
