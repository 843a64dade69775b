package io.driftwatch.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    void aucCountsTiedScoresHalf() {
        // Pairs (positive, negative): (0.8,0.1) win, (0.8,0.4) win, (0.4,0.1) win, (0.4,0.4) tie → 3.5 / 4.
        double auc = BinaryMetrics.auc(new double[] {0.1, 0.4, 0.4, 0.8}, new boolean[] {false, true, false, true});

        assertThat(auc).isEqualTo(0.875);
    }

    @Test
    void thresholdMetricsAndLogLossMatchHandComputedValues() {
        Map<String, Double> metrics = BinaryMetrics.of(new double[] {0.9, 0.6, 0.3, 0.2}, new boolean[] {true, false, true, false});

        assertThat(metrics.get("accuracy")).isEqualTo(0.5);
        assertThat(metrics.get("precision")).isEqualTo(0.5);
        assertThat(metrics.get("recall")).isEqualTo(0.5);
        assertThat(metrics.get("auc")).isEqualTo(0.75);
        // −(ln 0.9 + ln 0.4 + ln 0.3 + ln 0.8) / 4, as sklearn.metrics.log_loss gives.
        assertThat(metrics.get("log_loss")).isCloseTo(0.6121919, within(1e-7));
        assertThat(metrics.get("brier")).isCloseTo((0.01 + 0.36 + 0.49 + 0.04) / 4, within(1e-12));
    }

    @Test
    void verdictDeploysOnlyWhenTheMarginIsMetInTheMetricsDirection() {
        Map<String, Double> champion = Map.of("auc", 0.70, "log_loss", 0.60);

        assertThat(Verdict.of(Metric.AUC, 0.01, champion, Map.of("auc", 0.72, "log_loss", 0.5)).deploy()).isTrue();
        assertThat(Verdict.of(Metric.AUC, 0.05, champion, Map.of("auc", 0.72, "log_loss", 0.5)).deploy()).isFalse();
        assertThat(Verdict.of(Metric.LOG_LOSS, 0.05, champion, Map.of("auc", 0.72, "log_loss", 0.5)).deploy()).isTrue();
        assertThat(Verdict.of(Metric.LOG_LOSS, 0.0, champion, Map.of("auc", 0.72, "log_loss", 0.7)).reason())
                .startsWith("challenger not better by the margin: log_loss 0.7000 vs champion 0.6000");
    }
}
