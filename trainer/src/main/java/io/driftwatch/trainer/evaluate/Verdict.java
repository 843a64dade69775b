package io.driftwatch.trainer.evaluate;

import java.util.Locale;
import java.util.Map;

/**
 * Champion/challenger decision: deploy only when the challenger beats the champion on the chosen
 * metric by at least the margin, both measured on the same evaluation rows.
 */
public record Verdict(boolean deploy, Metric metric, double champion, double challenger, double improvement,
                      String reason) {

    public static Verdict of(Metric metric, double minImprovement, Map<String, Double> championMetrics,
                             Map<String, Double> challengerMetrics) {
        double champion = championMetrics.get(metric.key());
        double challenger = challengerMetrics.get(metric.key());
        double improvement = metric.improvement(champion, challenger);
        boolean deploy = Double.isFinite(improvement) && improvement >= minImprovement;
        String comparison = String.format(Locale.ROOT, "%s %.4f vs champion %.4f (%+.4f, at least %+.4f required)",
                metric.key(), challenger, champion, improvement, minImprovement);
        return new Verdict(deploy, metric, champion, challenger, improvement,
                (deploy ? "challenger better: " : "challenger not better by the margin: ") + comparison);
    }
}
