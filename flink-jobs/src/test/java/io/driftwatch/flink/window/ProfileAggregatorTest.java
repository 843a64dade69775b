package io.driftwatch.flink.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.Observation;
import io.driftwatch.flink.decode.RouteDecoded;
import io.driftwatch.flink.testing.DriftJobRunner;
import io.driftwatch.flink.testing.Observations;
import io.driftwatch.flink.testing.TrafficGenerator;
import io.driftwatch.flink.testing.TrafficGenerator.Mix;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregation stage in Flink's operator test harness: event time, processing time and state
 * are driven by the test, through the job's operator ({@link ProfileAggregatorOperator}). Windows are
 * one minute, allowed lateness 30 s, hold time 2 s.
 */
class ProfileAggregatorTest {
    private static final long MINUTE = 60_000;
    private static final TrafficGenerator TRAFFIC = new TrafficGenerator(3);
    private static final long BASE = Math.floorDiv(System.currentTimeMillis() - 3 * 3_600_000L, MINUTE) * MINUTE;
    private static final Baseline BASELINE = TRAFFIC.baseline("fraud", "v1", Instant.ofEpochMilli(BASE - MINUTE));

    private KeyedBroadcastOperatorTestHarness<SaltedKey, Observation, Baseline, PartialProfile> harness;

    @BeforeEach
    void openHarness() throws Exception {
        JobConfig config = DriftJobRunner.config("localhost:9092", "http://localhost:8086", "unused", Path.of("/tmp"));
        harness = new KeyedBroadcastOperatorTestHarness<>(new ProfileAggregatorOperator(new ProfileAggregator(config)),
                event -> SaltedKey.of(event, 1), TypeInformation.of(SaltedKey.class), 1, 1, 0);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void send(List<Observation> events) throws Exception {
        for (Observation event : events) {
            harness.processElement(event, event.timestamp());
        }
    }

    private List<Observation> events(String model, long start, long length, int count) {
        return Observations.of(TRAFFIC.predictions(model, "v1", start, length, count, Mix.STATIONARY));
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(RouteDecoded.DEAD_LETTERS) == null ? List.of()
                : harness.getSideOutput(RouteDecoded.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void windowIsEmittedOnceWhenTheWatermarkPassesItsEnd() throws Exception {
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
        send(events("fraud", BASE, MINUTE, 100));
        harness.watermark(BASE + MINUTE - 2);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.watermark(BASE + MINUTE - 1);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(partial -> {
            assertThat(partial.windowStart()).isEqualTo(BASE);
            assertThat(partial.windowEnd()).isEqualTo(BASE + MINUTE);
            assertThat(partial.profile().events()).isEqualTo(100);
            assertThat(partial.profile().numeric().get("amount").count()).isEqualTo(100);
        });
    }

    @Test
    void lateEventWithinAllowedLatenessIsEmittedAsADeltaAtTheNextWatermark() throws Exception {
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
        send(events("fraud", BASE, MINUTE, 100));
        harness.watermark(BASE + MINUTE + 10_000);
        send(events("fraud", BASE + 5_000, 1_000, 2));
        assertThat(harness.extractOutputValues()).hasSize(1);
        harness.watermark(BASE + MINUTE + 11_000);
        List<PartialProfile> partials = harness.extractOutputValues();
        assertThat(partials).hasSize(2);
        assertThat(partials.get(1).windowStart()).isEqualTo(BASE);
        assertThat(partials.get(1).profile().events()).isEqualTo(2);
        assertThat(partials.get(1).profile().lateEvents()).isEqualTo(2);
        assertThat(deadLetters()).isEmpty();
    }

    /** The sources may go quiet right after a late event: its update must not wait for new traffic. */
    @Test
    void lateEventIsEmittedAfterAShortProcessingTimeDelayWithoutAnotherWatermark() throws Exception {
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
        send(events("fraud", BASE, MINUTE, 100));
        harness.watermark(BASE + MINUTE + 10_000);
        send(events("fraud", BASE + 5_000, 1_000, 2));
        assertThat(harness.extractOutputValues()).hasSize(1);
        harness.setProcessingTime(harness.getProcessingTime() + 1_000);
        List<PartialProfile> partials = harness.extractOutputValues();
        assertThat(partials).hasSize(2);
        assertThat(partials.get(1).profile().lateEvents()).isEqualTo(2);
    }

    @Test
    void eventLaterThanTheAllowedLatenessIsDeadLetteredTooLate() throws Exception {
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
        send(events("fraud", BASE, MINUTE, 10));
        harness.watermark(BASE + MINUTE - 1 + 30_000);
        send(events("fraud", BASE + 5_000, 1_000, 1));
        harness.watermark(BASE + 2 * MINUTE);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo("too-late");
            assertThat(letter.getStage()).isEqualTo("window");
            assertThat(letter.getModelId()).isEqualTo("fraud");
        });
    }

    @Test
    void heldEventsAreReleasedIntoTheirWindowWhenTheBaselineArrives() throws Exception {
        harness.setProcessingTime(0);
        send(events("fraud", BASE, MINUTE, 20));
        harness.setProcessingTime(1_000);
        harness.processBroadcastElement(BASELINE, BASE);
        harness.setProcessingTime(2_000);
        harness.watermark(BASE + MINUTE);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(partial -> assertThat(partial.profile().events()).isEqualTo(20));
        assertThat(deadLetters()).isEmpty();
    }

    /**
     * A job started on a backlog reads minutes of event time before the baselines topic: the events held
     * meanwhile must join their windows, not be dead-lettered too-late by a watermark that ran ahead.
     */
    @Test
    void heldEventsJoinTheirWindowsWhenTheWatermarkRanPastTheAllowedLatenessMeanwhile() throws Exception {
        harness.setProcessingTime(0);
        send(events("fraud", BASE, MINUTE, 20));
        harness.watermark(BASE + 5 * MINUTE);
        send(events("fraud", BASE + 5 * MINUTE, MINUTE, 10));
        harness.processBroadcastElement(BASELINE, BASE);
        send(events("fraud", BASE + 6 * MINUTE, MINUTE, 5));
        harness.watermark(BASE + 7 * MINUTE);

        assertThat(deadLetters()).isEmpty();
        assertThat(harness.extractOutputValues()).extracting(PartialProfile::windowStart, p -> p.profile().events(),
                        p -> p.profile().lateEvents())
                .containsExactlyInAnyOrder(tuple(BASE, 20L, 0L), tuple(BASE + 5 * MINUTE, 10L, 0L),
                        tuple(BASE + 6 * MINUTE, 5L, 0L));
    }

    @Test
    void watermarkWaitsForHeldEventsUntilTheHoldCheckReleasesThem() throws Exception {
        harness.setProcessingTime(0);
        send(events("fraud", BASE, MINUTE, 20));
        harness.watermark(BASE + 5 * MINUTE);
        assertThat(watermarks()).isEmpty();
        harness.processBroadcastElement(BASELINE, BASE);
        harness.setProcessingTime(1_000);

        assertThat(watermarks()).containsExactly(BASE + 5 * MINUTE);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(partial -> assertThat(partial.profile().events()).isEqualTo(20));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void watermarkMovesOnWhenHeldEventsAreDeadLetteredNoBaseline() throws Exception {
        harness.setProcessingTime(0);
        send(events("orphan", BASE, MINUTE, 5));
        harness.watermark(BASE + MINUTE);
        harness.setProcessingTime(1_000);
        assertThat(watermarks()).isEmpty();
        harness.setProcessingTime(2_000);
        assertThat(deadLetters()).hasSize(5);
        assertThat(watermarks()).containsExactly(BASE + MINUTE);
    }

    private List<Long> watermarks() {
        return harness.getOutput().stream().filter(Watermark.class::isInstance)
                .map(mark -> ((Watermark) mark).getTimestamp()).toList();
    }

    @Test
    void heldEventsAreDeadLetteredNoBaselineAfterTheHoldTime() throws Exception {
        harness.setProcessingTime(0);
        send(events("orphan", BASE, MINUTE, 5));
        harness.setProcessingTime(1_000);
        assertThat(deadLetters()).isEmpty();
        harness.setProcessingTime(2_000);
        assertThat(deadLetters()).hasSize(5).allSatisfy(letter -> {
            assertThat(letter.getReason()).isEqualTo("no-baseline");
            assertThat(letter.getModelId()).isEqualTo("orphan");
        });
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    /** The performance stages read their predictions here: every allowed one as it arrives, held or not. */
    @Test
    void predictionsOfAllowedModelsAreHandedOnAsTheyArriveHeldOrNot() throws Exception {
        List<Observation> held = events("fraud", BASE, MINUTE, 3);
        send(held);
        Observation prediction = events("fraud", BASE, MINUTE, 1).get(0);
        Observation logged = new Observation(prediction.eventId() + "-features", prediction.modelId(),
                prediction.modelVersion(), prediction.segment(), prediction.timestamp(), false, prediction.numeric(),
                prediction.categorical(), null, null, prediction.origin(), Map.of(), null);
        send(List.of(logged));
        send(events("intruder", BASE, MINUTE, 1));
        harness.processBroadcastElement(BASELINE, BASE);
        List<Observation> counted = events("fraud", BASE + 1_000, 1_000, 2);
        send(counted);

        assertThat(harness.getSideOutput(ProfileAggregator.PREDICTIONS)).extracting(r -> r.getValue().eventId())
                .containsExactly(held.get(0).eventId(), held.get(1).eventId(), held.get(2).eventId(),
                        counted.get(0).eventId(), counted.get(1).eventId());
        assertThat(deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.getReason()).isEqualTo("unknown-model"));
    }

    @Test
    void eventOfAModelNotAllowedIsDeadLetteredUnknownModel() throws Exception {
        send(events("intruder", BASE, MINUTE, 1));
        assertThat(deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.getReason()).isEqualTo("unknown-model"));
    }

    @Test
    void replacementBaselineAppliesFromTheNextWindowOnly() throws Exception {
        Baseline replacement = TRAFFIC.baseline("fraud", "v1", Instant.ofEpochMilli(BASE));
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
        send(events("fraud", BASE, MINUTE / 2, 10));
        harness.processBroadcastElement(replacement, BASE + MINUTE / 2);
        send(events("fraud", BASE + MINUTE / 2, MINUTE / 2, 10));
        send(events("fraud", BASE + MINUTE, MINUTE, 10));
        harness.watermark(BASE + 2 * MINUTE);
        List<PartialProfile> partials = harness.extractOutputValues();
        assertThat(partials).extracting(p -> p.profile().baselineCreatedAt()).containsExactly(
                BASELINE.getCreatedAt().toEpochMilli(), replacement.getCreatedAt().toEpochMilli());
        assertThat(partials).extracting(p -> p.profile().events()).containsExactly(20L, 10L);
    }

    @Test
    void stateSizeStaysFlatAsEventsPerWindowGrow100Times() throws Exception {
        harness.processBroadcastElement(BASELINE, BASE - MINUTE);
        send(events("fraud", BASE, MINUTE, 2_000));
        long small = stateSize(1);
        send(events("fraud", BASE, MINUTE, 198_000));
        long large = stateSize(2);
        // Exact bin counts and moments are fixed-size; the KLL sketches (k = 200) grow only
        // logarithmically with n, so 100 times the events may not even double the state.
        assertThat(large).as("state bytes at 200,000 vs 2,000 events (%d vs %d)", large, small)
                .isLessThan(2 * small);
    }

    private long stateSize(long checkpointId) throws Exception {
        // Keyed state only: the broadcast baseline (about 100 KB) is the same whatever the traffic.
        OperatorSubtaskState snapshot = harness.snapshot(checkpointId, checkpointId);
        long bytes = snapshot.getManagedKeyedState().getStateSize();
        System.out.printf("pre-aggregation keyed state after checkpoint %d: %d bytes%n", checkpointId, bytes);
        return bytes;
    }
}
