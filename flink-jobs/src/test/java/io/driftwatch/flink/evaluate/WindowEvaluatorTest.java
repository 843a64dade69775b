package io.driftwatch.flink.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftwatch.events.Baseline;
import io.driftwatch.flink.decode.Segments;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Observations;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import io.driftwatch.flink.window.BaselineRegistry;
import io.driftwatch.flink.window.PartialProfile;
import io.driftwatch.flink.window.WindowKey;
import io.driftwatch.flink.window.WindowProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merge-and-evaluate stage in Flink's operator test harness (one-minute windows, 30 s lateness). */
class WindowEvaluatorTest {
    private static final long MINUTE = 60_000;
    private static final TrafficGenerator TRAFFIC = new TrafficGenerator(5);
    private static final long BASE = Math.floorDiv(System.currentTimeMillis() - 3 * 3_600_000L, MINUTE) * MINUTE;
    private static final Baseline BASELINE = TRAFFIC.baseline("fraud", "v1", Instant.ofEpochMilli(BASE - MINUTE));
    private static final WindowKey KEY = new WindowKey("fraud", "v1", Segments.ALL);

    private KeyedBroadcastOperatorTestHarness<WindowKey, PartialProfile, Baseline, WindowEvaluation> harness;
    private long processingTime;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new WindowEvaluator(
                        DriftJobRunner.config("localhost:9092", "http://localhost:8086", "unused", Path.of("/tmp"))),
                PartialProfile::key, TypeInformation.of(WindowKey.class), BaselineRegistry.DESCRIPTOR);
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    /** Lets the processing-time settle delay pass, after which due windows are evaluated. */
    private void settle() throws Exception {
        advanceProcessingTime(WindowEvaluator.SETTLE_MS);
    }

    private void advanceProcessingTime(long millis) throws Exception {
        processingTime += millis;
        harness.setProcessingTime(processingTime);
    }

    /** Lets the processing-time grace pass after which windows past their lateness are dropped. */
    private void passCleanupGrace() throws Exception {
        processingTime += WindowEvaluator.CLEANUP_GRACE_MS;
        harness.setProcessingTime(processingTime);
    }

    private PartialProfile partial(int events, long windowStart) {
        return partial(events, windowStart, BASELINE);
    }

    private PartialProfile partial(int events, long windowStart, Baseline baseline) {
        WindowProfile profile = WindowProfile.forBaseline(baseline);
        Observations.of(TRAFFIC.predictions("fraud", "v1", windowStart, MINUTE, events, Mix.STATIONARY))
                .forEach(event -> profile.add(event, false));
        return new PartialProfile(KEY, windowStart, windowStart + MINUTE, profile);
    }

    @Test
    void partialsOfAllSubtasksAreMergedIntoOneEvaluation() throws Exception {
        harness.processElement(partial(300, BASE), BASE + MINUTE - 1);
        harness.processElement(partial(700, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1);
        settle();
        assertThat(harness.extractOutputValues()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.revision()).isZero();
            assertThat(evaluation.events()).isEqualTo(1000);
            assertThat(evaluation.features()).extracting(FeatureResult::feature)
                    .containsExactly("amount", "age", "country", "device", "score", "class");
            assertThat(evaluation.features()).allSatisfy(f -> assertThat(f.psi()).isLessThan(0.1));
        });
    }

    /**
     * The idle-resume race: this operator's watermark moves past the window with one subtask's
     * partial while another subtask's partial is still on its way. It joins the first evaluation.
     */
    @Test
    void partialArrivingJustAfterTheWatermarkJoinsTheFirstEvaluation() throws Exception {
        harness.processElement(partial(300, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE + 2_000);
        harness.processElement(partial(700, BASE), BASE + MINUTE - 1);
        settle();
        assertThat(harness.extractOutputValues()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.revision()).isZero();
            assertThat(evaluation.events()).isEqualTo(1000);
        });
    }

    /**
     * A timer of another window firing within a window's settle second does not cut that second short:
     * the second partial, 500 ms after the watermark passed, still joins the first evaluation.
     */
    @Test
    void anotherWindowsTimerDoesNotEvaluateAWindowBeforeItsSettleTime() throws Exception {
        harness.processElement(partial(400, BASE), BASE + MINUTE - 1);
        harness.processElement(partial(300, BASE + MINUTE), BASE + 2 * MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1);
        advanceProcessingTime(700);
        harness.watermark(BASE + 2 * MINUTE - 1);
        advanceProcessingTime(300); // the first window's settle timer fires here
        advanceProcessingTime(200);
        harness.processElement(partial(200, BASE + MINUTE), BASE + 2 * MINUTE - 1);
        settle();
        assertThat(harness.extractOutputValues())
                .extracting(WindowEvaluation::windowStart, WindowEvaluation::revision, WindowEvaluation::events)
                .containsExactly(tuple(BASE, 0, 400L), tuple(BASE + MINUTE, 0, 500L));
    }

    @Test
    void latePartialIsEvaluatedEvenIfNoLaterWatermarkComes() throws Exception {
        harness.processElement(partial(500, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE + 2_000);
        settle();
        harness.processElement(partial(20, BASE), BASE + MINUTE - 1);
        settle();
        assertThat(harness.extractOutputValues()).extracting(WindowEvaluation::events).containsExactly(500L, 520L);
    }

    @Test
    void latePartialReevaluatesTheWindowAsTheNextRevision() throws Exception {
        harness.processElement(partial(500, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE + 5_000);
        settle();
        harness.processElement(partial(20, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE + 6_000);
        settle();
        List<WindowEvaluation> evaluations = harness.extractOutputValues();
        assertThat(evaluations).extracting(WindowEvaluation::revision).containsExactly(0, 1);
        assertThat(evaluations).extracting(WindowEvaluation::events).containsExactly(500L, 520L);
        assertThat(evaluations).extracting(WindowEvaluation::windowEnd).containsOnly(BASE + MINUTE);
    }

    @Test
    void partialBehindTheLatenessButWithinTheCleanupGraceStillJoinsItsWindow() throws Exception {
        harness.processElement(partial(500, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1 + 30_000 + 10_000);
        settle();
        harness.processElement(partial(20, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1 + 30_000 + 11_000);
        settle();
        assertThat(harness.extractOutputValues()).extracting(WindowEvaluation::events).containsExactly(500L, 520L);
        assertThat(harness.getSideOutput(WindowEvaluator.UNEVALUATED_EVENTS)).isNull();
    }

    @Test
    void partialAfterTheGraceIsCountedInTheEngineMeasurementNotEvaluated() throws Exception {
        harness.processElement(partial(500, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1 + 30_000);
        settle();
        passCleanupGrace();
        harness.processElement(partial(20, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + 5 * MINUTE);
        settle();
        assertThat(harness.extractOutputValues()).extracting(WindowEvaluation::events).containsExactly(500L);
        assertThat(harness.getSideOutput(WindowEvaluator.UNEVALUATED_EVENTS)).singleElement().satisfies(record -> {
            assertThat(record.getValue().measurement()).isEqualTo("engine");
            assertThat(record.getValue().integers()).containsEntry("events_after_cleanup", 20L);
            assertThat(record.getValue().tags()).containsEntry("model", "fraud").containsEntry("version", "v1");
            assertThat(record.getValue().timestamp()).isEqualTo(BASE + MINUTE);
        });
    }

    @Test
    void windowStateIsDroppedOnceItsAllowedLatenessAndCleanupGraceHavePassed() throws Exception {
        harness.processElement(partial(500, BASE), BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1);
        settle();
        long whileOpenForLateEvents = harness.snapshot(1, 1).getManagedKeyedState().getStateSize();
        harness.watermark(BASE + MINUTE - 1 + 30_000);
        settle();
        long duringGrace = harness.snapshot(2, 2).getManagedKeyedState().getStateSize();
        passCleanupGrace();
        long afterLateness = harness.snapshot(3, 3).getManagedKeyedState().getStateSize();
        assertThat(duringGrace).as("state kept during the grace").isGreaterThanOrEqualTo(whileOpenForLateEvents);
        // What remains is the snapshot's fixed metadata (state names and serializer snapshots).
        assertThat(afterLateness).as("keyed state bytes after vs during the allowed lateness (%d vs %d)",
                afterLateness, whileOpenForLateEvents).isLessThan(whileOpenForLateEvents / 2);
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    /**
     * A statistic throwing on a window's data (here: a corrupt baseline whose σ is negative, which the
     * Wasserstein normalisation refuses) costs that window's evaluation, counted, not the job: failing
     * would replay the same window after every restore.
     */
    @Test
    void windowWhoseEvaluationThrowsIsCountedAndTheStageGoesOn() throws Exception {
        Baseline corrupt = Baseline.newBuilder(TRAFFIC.baseline("fraud", "v1", Instant.ofEpochMilli(BASE))).build();
        corrupt.getNumericFeatures().get(0).setStdDev(-1.0);
        harness.processBroadcastElement(corrupt, BASE);
        harness.processElement(partial(500, BASE + MINUTE, corrupt), BASE + 2 * MINUTE - 1);
        harness.watermark(BASE + 2 * MINUTE - 1);
        settle();

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(WindowEvaluator.UNEVALUATED_EVENTS)).singleElement().satisfies(record -> {
            assertThat(record.getValue().integers()).containsEntry("events_evaluation_failed", 500L);
            assertThat(record.getValue().timestamp()).isEqualTo(BASE + 2 * MINUTE);
        });
        harness.processElement(partial(300, BASE + 2 * MINUTE, corrupt), BASE + 3 * MINUTE - 1);
        harness.watermark(BASE + 3 * MINUTE - 1);
        settle();
        assertThat(harness.getSideOutput(WindowEvaluator.UNEVALUATED_EVENTS)).hasSize(2);
    }

    @Test
    void windowProfiledWithAReplacedBaselineIsStillEvaluatedWithIt() throws Exception {
        PartialProfile profiledWithFirst = partial(400, BASE);
        harness.processBroadcastElement(TRAFFIC.baseline("fraud", "v1", Instant.ofEpochMilli(BASE)), BASE + 10_000);
        harness.processElement(profiledWithFirst, BASE + MINUTE - 1);
        harness.watermark(BASE + MINUTE - 1);
        settle();
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(evaluation -> assertThat(evaluation.events()).isEqualTo(400));
    }
}
