package io.driftwatch.alerting.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.AlertingConfig;

/**
 * The words every integration uses for a notification — title, one line per alert, links — so
 * that Slack, email, PagerDuty and the log say the same thing.
 */
public final class AlertText {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_]*)}");

    /** A link shown as a button (Slack), an anchor (email) or a PagerDuty link. */
    public record Link(String text, String url) {
    }

    private AlertText() {
    }

    /** E.g. {@code [FIRING:50] Drift on fraud-detector v3} or {@code [RESOLVED] Drift on fraud-detector v3}. */
    public static String title(Notification notification) {
        String status = notification.isResolved() ? "[RESOLVED]" : "[FIRING:" + notification.firing().size() + "]";
        return status + " " + subjectName(notification.subject());
    }

    private static String subjectName(List<Alert> alerts) {
        long models = alerts.stream().map(Alert::model).distinct().count();
        if (models == 1) {
            long versions = alerts.stream().map(Alert::version).distinct().count();
            Alert first = alerts.get(0);
            return "Drift on " + first.model() + (versions == 1 ? " " + first.version() : " (" + versions + " versions)");
        }
        return "Drift on " + models + " models";
    }

    /** E.g. {@code feature amount: psi 0.312 vs threshold 0.25 (critical), since 2026-11-26T10:00:00Z}. */
    public static String line(Alert alert) {
        String what = alert.feature().map(feature -> "feature " + feature).orElse("model-level");
        return what + ": " + alert.metric() + " " + number(alert.value()) + " vs threshold " + number(alert.threshold())
                + " (" + Alert.severityName(alert.severity()) + "), since " + alert.startedAt();
    }

    /** Up to {@code max} lines, then {@code … and K more} so big groups stay readable. */
    public static List<String> lines(List<Alert> alerts, int max) {
        List<String> lines = new ArrayList<>();
        alerts.stream().limit(max).forEach(alert -> lines.add(line(alert)));
        if (alerts.size() > max) {
            lines.add("… and " + (alerts.size() - max) + " more");
        }
        return lines;
    }

    /** When the oldest alert of the message started. */
    public static Instant since(Notification notification) {
        return notification.subject().stream().map(Alert::startedAt).min(Instant::compareTo).orElse(notification.at());
    }

    /** {@code model version} if the subject shares them, else a count. */
    public static String modelAndVersion(Notification notification) {
        return subjectName(notification.subject()).substring("Drift on ".length());
    }

    /**
     * Dashboard and runbook links: an alert's own {@code dashboard_url}/{@code runbook_url}
     * annotation wins, else the configured template filled with the labels of the first alert.
     */
    public static List<Link> links(Notification notification, AlertingConfig.Links templates) {
        List<Link> links = new ArrayList<>();
        Alert first = notification.subject().get(0);
        link("Dashboard", first.annotations().get("dashboard_url"), templates.dashboardUrl(), first).ifPresent(links::add);
        link("Runbook", first.annotations().get("runbook_url"), templates.runbookUrl(), first).ifPresent(links::add);
        return links;
    }

    private static Optional<Link> link(String text, String annotation, Optional<String> template, Alert alert) {
        if (annotation != null && !annotation.isBlank()) {
            return Optional.of(new Link(text, annotation));
        }
        return template.map(t -> new Link(text, expand(t, alert.labels())));
    }

    /** Replaces {@code {label}} with the URL-encoded label value (empty when the alert lacks it). */
    public static String expand(String template, Map<String, String> labels) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (placeholder.find()) {
            String value = labels.getOrDefault(placeholder.group(1), "");
            placeholder.appendReplacement(url, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        placeholder.appendTail(url);
        return url.toString();
    }

    /** Four significant digits: enough to compare a value with its threshold. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            // An alert resolved because its stream went quiet has no last value.
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replaceAll("\\.($|e)", "$1");
    }

    /** Cuts text to {@code max} characters, marking the cut with an ellipsis. */
    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
