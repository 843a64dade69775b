package io.driftwatch.flink.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.calibration.Calibrator;
import io.driftwatch.core.calibration.MonitoredMetric;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CalibratedThreshold;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.Severity;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.Segments;
import io.driftwatch.flink.evaluate.WindowEvaluation;
import io.driftwatch.flink.evaluate.WindowEvaluator;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Observations;
import io.driftwatch.flink.testing.SerializerRoundTrip;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.flink.window.BaselineRegistry;
import io.driftwatch.flink.window.PartialProfile;
import io.driftwatch.flink.window.WindowKey;
import io.driftwatch.flink.window.WindowProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The alert stage judging windows by the baseline's calibrated thresholds when it has them, and by the
 * configured limits otherwise. Windows come from the real evaluate stage (WindowEvaluator in its test
 * harness, fed the job's own profiles of stationary traffic) and go through AlertEvaluator in its
 * harness; the job config alerts on psi and ks, firing after 2 windows.
 */
class AlertEvaluatorTest {
    private static final long MINUTE = 60_000;
    private static final int EVENTS_PER_WINDOW = 500;
    private static final long BASE = Math.floorDiv(System.currentTimeMillis() - 3 * 3_600_000L, MINUTE) * MINUTE;
    private static final JobConfig CONFIG = DriftJobRunner.config("localhost:9092", "http://localhost:8086", "unused",
            Path.of("/tmp"));
    private static final Baseline BASELINE = new TrafficGenerator(5).baseline("fraud", "v1",
            Instant.ofEpochMilli(BASE - MINUTE));

    /**
     * A calibration at {@code calibratedEvents} per window that makes amount's PSI and age's KS D breach on
     * any window (thresholds far below no-drift noise), so calibrated and fixed limits disagree on
     * stationary traffic, where the configured limits (PSI 0.1; KS p &lt; 0.05 and D ≥ 0.1) stay quiet.
     */
    private static Baseline calibrated(long calibratedEvents) {
        BaselineCalibration calibration = BaselineCalibration.newBuilder()
                .setFalseAlarmsPerHorizon(1).setHorizonMs(30L * 86_400_000).setWindowMs(MINUTE)
                .setEventsPerWindow(calibratedEvents).setFiringAfter(2).setSeries(14)
                .setWarningWindowProbability(0.01).setCriticalWindowProbability(1e-4).setMethod(Calibrator.METHOD)
                .setBinReplicates(1000).setValueReplicates(200).setSeed(1)
                .setThresholds(List.of(new CalibratedThreshold("amount", "psi", 1e-6, 1e-5),
                        new CalibratedThreshold("age", "ks_d", 1e-6, 1e-5)))
                .build();
        return Baseline.newBuilder(BASELINE).setCalibration(calibration).build();
    }

    @Test
    void withoutCalibrationTheConfiguredLimitsKeepStationaryTrafficQuiet() throws Exception {
        List<WindowEvaluation> windows = evaluate(BASELINE, 4);

        assertThat(windows).allSatisfy(w -> assertThat(w.features())
                .allSatisfy(f -> assertThat(f.calibratedThresholds()).isEmpty()));
        assertThat(alerts(windows)).isEmpty();
    }

    @Test
    void calibratedSeriesAreJudgedByTheCalibrationAndTheOthersByTheConfiguredLimits() throws Exception {
        List<DriftAlert> alerts = alerts(evaluate(calibrated(EVENTS_PER_WINDOW), 4));

        List<DriftAlert> featureAlerts = alerts.stream().filter(a -> a.getFeature() != null).toList();
        // Only the two calibrated series fire (after 2 windows); psi of age, ks of amount and the
        // categorical features keep the configured limits and stay quiet.
        assertThat(featureAlerts).extracting(a -> a.getFeature() + "/" + a.getMetric())
                .containsExactlyInAnyOrder("amount/psi", "age/ks");
        assertThat(featureAlerts).allSatisfy(alert -> {
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(BASE + 2 * MINUTE));
            // The critical limit is floored at the metric's fixed critical limit: a tiny shift warns.
            assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(alert.getThreshold()).isEqualTo(1e-6);
            assertThat(alert.getAnnotations()).containsEntry(AlertEvaluator.THRESHOLDS_ANNOTATION, "calibrated");
        });
        // KS with a calibrated D: no p-value condition (stationary windows have p far above 0.05).
        assertThat(featureAlerts).filteredOn(a -> a.getMetric().equals("ks"))
                .allSatisfy(alert -> assertThat(alert.getValue()).isLessThan(0.1));
        assertThat(alerts).filteredOn(a -> a.getFeature() == null).allSatisfy(alert ->
                assertThat(alert.getAnnotations()).doesNotContainKey(AlertEvaluator.THRESHOLDS_ANNOTATION));
    }

    @Test
    void aWindowFarFromTheCalibratedSizeUsesRescaledThresholdsAndIsFlagged() throws Exception {
        Baseline baseline = calibrated(20L * EVENTS_PER_WINDOW);
        List<WindowEvaluation> windows = evaluate(baseline, 2);

        CalibratedThresholds.WindowThreshold expected = CalibratedThresholds.of(baseline)
                .forWindow("amount", MonitoredMetric.PSI, EVENTS_PER_WINDOW);
        assertThat(expected.provenance()).isEqualTo(CalibratedThresholds.Provenance.EXTRAPOLATED);
        assertThat(windows.get(0).features()).filteredOn(f -> f.feature().equals("amount")).singleElement()
                .satisfies(f -> assertThat(f.calibratedThresholds()).containsEntry(MonitoredMetric.PSI, expected));
        assertThat(alerts(windows)).filteredOn(a -> "amount".equals(a.getFeature())).singleElement()
                .satisfies(alert -> {
                    // (1/500 + 1/m) / (1/10 000 + 1/m) times the calibrated PSI: about 15×.
                    assertThat(alert.getThreshold()).isEqualTo(expected.threshold().warning()).isGreaterThan(1e-5);
                    assertThat(alert.getAnnotations()).containsEntry(AlertEvaluator.THRESHOLDS_ANNOTATION,
                            "extrapolated");
                });
    }

    /**
     * After a deployment the old version's traffic stops: its firing alerts resolve once the model's
     * other version has gone on for resolve-after windows (plus one of grace), saying why.
     */
    @Test
    void firingAlertsOfAVersionWhoseTrafficStoppedResolve() throws Exception {
        Baseline v2 = new TrafficGenerator(5).baseline("fraud", "v2", Instant.ofEpochMilli(BASE - MINUTE));
        List<WindowEvaluation> windows = new ArrayList<>(evaluate(BASELINE, 0, 4, Mix.DRIFTED));
        windows.addAll(evaluate(v2, 4, 8, Mix.STATIONARY));

        List<DriftAlert> alerts = alerts(windows);

        List<DriftAlert> fired = alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).toList();
        assertThat(fired).isNotEmpty().allSatisfy(a -> assertThat(a.getModelVersion()).isEqualTo("v1"));
        List<DriftAlert> resolved = alerts.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).toList();
        assertThat(resolved).extracting(DriftAlert::getFingerprint)
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(DriftAlert::getFingerprint).distinct().toList());
        // v1's last window ends at minute 4; v2's windows ending at 5 and 6 are silent ones for v1, the one
        // ending at 7 is past the grace: resolve-after (2) silent windows plus one.
        assertThat(resolved).allSatisfy(a -> {
            assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(BASE + 7 * MINUTE);
            assertThat(a.getAnnotations()).containsEntry(AlertEvaluator.RESOLVED_BECAUSE, "no-traffic");
            assertThat(a.getAnnotations().get("summary")).contains("no traffic for this version since");
            assertThat(a.getValue()).isNaN();
        });
    }

    @Test
    void windowEvaluationsWithCalibratedThresholdsSerialiseWithoutKryo() throws Exception {
        WindowEvaluation window = evaluate(calibrated(EVENTS_PER_WINDOW), 1).get(0);
        TypeInformation<WindowEvaluation> type = TypeInformation.of(WindowEvaluation.class);
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false); // as DriftJob.environment configures the job

        TypeSerializer<WindowEvaluation> serializer = type.createSerializer(noGenericTypes);
        WindowEvaluation copy = SerializerRoundTrip.of(serializer, window);

        assertThat(type).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(copy).isEqualTo(window);
        assertThat(copy.features()).flatExtracting(f -> f.calibratedThresholds().keySet())
                .containsExactlyInAnyOrder(MonitoredMetric.PSI, MonitoredMetric.KS_D);
    }

    /** {@code windows} consecutive one-minute windows of stationary traffic, through the real evaluate stage. */
    private static List<WindowEvaluation> evaluate(Baseline baseline, int windows) throws Exception {
        return evaluate(baseline, 0, windows, Mix.STATIONARY);
    }

    /** Windows {@code from} to {@code to} (exclusive) of the baseline's version, through the real evaluate stage. */
    private static List<WindowEvaluation> evaluate(Baseline baseline, int from, int to, Mix mix) throws Exception {
        TrafficGenerator traffic = new TrafficGenerator(17);
        WindowKey key = new WindowKey(baseline.getModelId(), baseline.getModelVersion(), Segments.ALL);
        try (KeyedBroadcastOperatorTestHarness<WindowKey, PartialProfile, Baseline, WindowEvaluation> harness =
                     ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new WindowEvaluator(CONFIG),
                             PartialProfile::key, TypeInformation.of(WindowKey.class), BaselineRegistry.DESCRIPTOR)) {
            harness.processBroadcastElement(baseline, BASE - MINUTE);
            for (int w = from; w < to; w++) {
                long start = BASE + w * MINUTE;
                WindowProfile profile = WindowProfile.forBaseline(baseline);
                Observations.of(traffic.predictions(baseline.getModelId(), baseline.getModelVersion(), start, MINUTE,
                        EVENTS_PER_WINDOW, mix)).forEach(event -> profile.add(event, false));
                harness.processElement(new PartialProfile(key, start, start + MINUTE, profile), start + MINUTE - 1);
                harness.watermark(start + MINUTE - 1);
                harness.setProcessingTime((w + 1) * MINUTE); // lets the stage's processing-time settle delay pass
            }
            return new ArrayList<>(harness.extractOutputValues());
        }
    }

    private static List<DriftAlert> alerts(List<WindowEvaluation> windows) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, WindowEvaluation, DriftAlert> harness =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AlertEvaluator(CONFIG.alerts()),
                             window -> window.key().modelId(), Types.STRING)) {
            for (WindowEvaluation window : windows) {
                harness.processElement(window, window.windowEnd());
            }
            return new ArrayList<>(harness.extractOutputValues());
        }
    }
}
