package io.driftwatch.flink.performance;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.performance.PerformanceMetrics;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.flink.alert.AlertMessages;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.testing.DriftJobRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The performance and latency alert stage in its test harness, fed reports as the aggregator emits them:
 * a closing report when a window ends, its settled report (labels in) two windows later. The job's test
 * config alerts on accuracy (warning 5 %, critical 10 % below the baseline's 0.9, with at least 50
 * labels) and on p99 latency (warning 200 ms, critical 400 ms), firing after 2 windows and resolving
 * after 2.
 */
class PerformanceAlertsTest {
    private static final long MINUTE = 60_000;
    private static final long BASE = 1_800_000_000_000L;
    private static final int SETTLE_DELAY = 2;
    private static final JobConfig CONFIG = DriftJobRunner.config("localhost:9092", "http://localhost:8086", "unused",
            Path.of("/tmp"));

    /**
     * v1 performs badly and slowly until its traffic moves to v2 (windows 4 on), which is fine: v1's
     * accuracy and latency alerts resolve once v2 has gone on for resolve-after windows plus one of grace
     * without a report of v1 — latency by the closing reports, accuracy by the settled ones — saying
     * why; nothing of v2 fires or resolves.
     */
    @Test
    void alertsOfAVersionWhoseTrafficStoppedResolveWithNoTraffic() throws Exception {
        List<PerformanceReport> reports = new ArrayList<>();
        for (int w = 0; w < 11; w++) {
            if (w < 8) {
                reports.add(report(w < 4 ? "v1" : "v2", w, true, false));
            }
            int settling = w - SETTLE_DELAY;
            if (settling >= 0 && settling < 8) {
                reports.add(report(settling < 4 ? "v1" : "v2", settling, false, true));
            }
        }

        List<DriftAlert> alerts = alerts(reports);

        assertThat(alerts).allSatisfy(alert -> assertThat(alert.getModelVersion()).isEqualTo("v1"));
        List<DriftAlert> fired = alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).toList();
        assertThat(fired).extracting(DriftAlert::getMetric).containsExactlyInAnyOrder("accuracy", "latency_p99");
        List<DriftAlert> resolved = alerts.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).toList();
        assertThat(resolved).extracting(DriftAlert::getFingerprint)
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(DriftAlert::getFingerprint).toList());
        assertThat(resolved).allSatisfy(alert -> {
            // v1's last window ends at minute 4; v2's windows ending at 5 and 6 are silent ones for v1, the one
            // ending at 7 is past the grace: resolve-after (2) silent windows plus one.
            assertThat(alert.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(BASE + 7 * MINUTE));
            assertThat(alert.getAnnotations()).containsEntry(AlertMessages.RESOLVED_BECAUSE, "no-traffic");
            assertThat(alert.getAnnotations().get("summary")).contains("no traffic for this version since");
            assertThat(alert.getValue()).isNaN();
            assertThat(alert.getFeature()).isNull();
        });
        // Latency resolves with v2's closing report of window 6, accuracy with its settled report, two windows later.
        assertThat(alerts).extracting(a -> a.getMetric() + " " + a.getStatus()).containsSubsequence(
                "latency_p99 RESOLVED", "accuracy RESOLVED");
    }

    /** A version whose reports merely pause while no other version goes on keeps its alerts open. */
    @Test
    void alertsOfTheOnlyVersionStayOpenWhenItsTrafficPauses() throws Exception {
        List<PerformanceReport> reports = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            reports.add(report("v1", w, true, true));
        }
        reports.add(report("v1", 20, true, true));

        List<DriftAlert> alerts = alerts(reports);

        assertThat(alerts).extracting(a -> a.getMetric() + " " + a.getStatus())
                .containsExactlyInAnyOrder("accuracy FIRING", "latency_p99 FIRING");
    }

    /** v1: accuracy 0.6 of 100 labels and p99 500 ms (both critical); v2: accuracy 0.9 and p99 50 ms. */
    private static PerformanceReport report(String version, int window, boolean closing, boolean settled) {
        boolean bad = version.equals("v1");
        double accuracy = bad ? 0.6 : 0.9;
        PerformanceMetrics realized = new PerformanceMetrics(accuracy, accuracy, accuracy, accuracy, 0.3, accuracy, 0.01,
                0.02, Double.NaN, Double.NaN, Double.NaN, 100);
        double p99 = bad ? 500 : 50;
        long start = BASE + window * MINUTE;
        return new PerformanceReport("fraud", version, start, start + MINUTE, closing, settled, realized, 0, 0,
                PerformanceMetrics.NONE, Double.NaN, 1_000, p99 / 5, p99 / 2, p99, p99 * 1.2, Map.of("accuracy", 0.9));
    }

    private static List<DriftAlert> alerts(List<PerformanceReport> reports) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, PerformanceReport, DriftAlert> harness =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new PerformanceAlerts(CONFIG),
                             PerformanceReport::modelId, Types.STRING)) {
            for (PerformanceReport report : reports) {
                harness.processElement(report, report.windowEnd());
            }
            return new ArrayList<>(harness.extractOutputValues());
        }
    }
}
