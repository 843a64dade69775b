package io.driftwatch.flink.performance;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.LabelledExample;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.LabelObservation;
import io.driftwatch.flink.decode.RouteDecoded;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.flink.testing.DriftJobRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The label join in Flink's operator test harness, with the test runner's configuration: label
 * horizon 4 h, allowed lateness (how long a lone label waits) 30 s.
 */
class LabelJoinTest {
    private static final long HOUR = 3_600_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final JobConfig CONFIG = DriftJobRunner.config("localhost:9092", "http://localhost:8086", "unused",
            Path.of("/tmp"));

    private KeyedTwoInputStreamOperatorTestHarness<String, PredictionFacts, LabelObservation, PerformanceEvent> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new LabelJoin(CONFIG)),
                p -> LabelJoin.keyOf(p.modelId(), p.eventId()), l -> LabelJoin.keyOf(l.modelId(), l.eventId()),
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static PredictionFacts prediction(String id, long time) {
        return new PredictionFacts(id, "fraud", "v1", time, 0.8, "decline", Map.of(), 12.0, Map.of("amount", 100.0),
                Map.of("country", "US"));
    }

    private static LabelObservation label(String id, long time, String labelClass) {
        return new LabelObservation(id, "fraud", time, labelClass, null, new RawRecord("labels", 0, 7, time,
                "fraud".getBytes(StandardCharsets.UTF_8), ("label of " + id).getBytes(StandardCharsets.UTF_8)));
    }

    private void predict(PredictionFacts p) throws Exception {
        harness.processElement1(p, p.timestamp());
    }

    private void labelWith(LabelObservation l) throws Exception {
        harness.processElement2(l, l.timestamp());
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(time));
    }

    private List<PerformanceEvent> events() {
        return harness.extractOutputValues();
    }

    private List<LabelledExample> examples() {
        var records = harness.getSideOutput(LabelJoin.LABELLED_EXAMPLES);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private List<DeadLetter> deadLetters() {
        var records = harness.getSideOutput(RouteDecoded.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void labelArrivingBeforeItsPredictionIsJoinedWhenThePredictionComes() throws Exception {
        labelWith(label("e1", T0 + 60_000, "decline"));
        watermark(T0);
        predict(prediction("e1", T0));
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(PerformanceEvent.Kind.LABELLED);
            assertThat(e.labelClass()).isEqualTo("decline");
            assertThat(e.prediction().timestamp()).isEqualTo(T0);
            assertThat(e.prediction().numeric()).as("features stay in the join").isEmpty();
        });
        assertThat(examples()).singleElement().satisfies(x -> {
            assertThat(x.getNumericFeatures()).containsEntry("amount", 100.0);
            assertThat(x.getTimestamp().toEpochMilli()).isEqualTo(T0);
            assertThat(x.getLabelledAt().toEpochMilli()).isEqualTo(T0 + 60_000);
        });
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void labelHoursAfterItsPredictionStillJoins() throws Exception {
        predict(prediction("e1", T0));
        watermark(T0 + 3 * HOUR);
        labelWith(label("e1", T0 + 3 * HOUR, "approve"));
        assertThat(events()).extracting(PerformanceEvent::kind).containsExactly(PerformanceEvent.Kind.LABELLED);
    }

    @Test
    void duplicateLabelsAndPredictionsCountOnce() throws Exception {
        predict(prediction("e1", T0));
        labelWith(label("e1", T0 + 1_000, "decline"));
        labelWith(label("e1", T0 + 2_000, "approve"));
        predict(prediction("e1", T0));
        labelWith(label("e2", T0 + 1_000, "decline"));
        labelWith(label("e2", T0 + 1_500, "decline"));
        predict(prediction("e2", T0));
        watermark(T0 + 5 * HOUR);
        assertThat(events()).extracting(e -> e.prediction().eventId() + ":" + e.kind() + ":" + e.labelClass())
                .containsExactly("e1:LABELLED:decline", "e2:LABELLED:decline");
        assertThat(examples()).hasSize(2);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void labelWithoutPredictionIsDeadLetteredAsOrphanAfterItsWait() throws Exception {
        labelWith(label("ghost", T0, "decline"));
        watermark(T0 + 29_999);
        assertThat(deadLetters()).isEmpty();
        watermark(T0 + 30_000);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo("orphan-label");
            assertThat(letter.getStage()).isEqualTo("join");
            assertThat(letter.getModelId()).isEqualTo("fraud");
            assertThat(letter.getSourceOffset()).isEqualTo(7);
            assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("label of ghost");
        });
        assertThat(events()).isEmpty();
    }

    @Test
    void labelOfAnExpiredPredictionIsAnOrphan() throws Exception {
        predict(prediction("e1", T0));
        watermark(T0 + 4 * HOUR);
        labelWith(label("e1", T0 + 4 * HOUR + 1, "decline"));
        watermark(T0 + 5 * HOUR);
        assertThat(events()).extracting(PerformanceEvent::kind).containsExactly(PerformanceEvent.Kind.UNLABELLED);
        assertThat(deadLetters()).extracting(DeadLetter::getReason).containsExactly("orphan-label");
    }

    @Test
    void stateOfPredictionsWhoseLabelsNeverComeIsDroppedAtTheHorizon() throws Exception {
        int flood = 20_000;
        for (int i = 0; i < flood; i++) {
            predict(prediction("p" + i, T0 + i));
        }
        long flooded = keyedStateBytes(1);
        watermark(T0 + 4 * HOUR + flood);
        long after = keyedStateBytes(2);
        System.out.printf("label-join keyed state: %d bytes with %d waiting predictions, %d bytes after the horizon%n",
                flooded, flood, after);
        assertThat(events()).hasSize(flood).allSatisfy(e -> assertThat(e.kind())
                .isEqualTo(PerformanceEvent.Kind.UNLABELLED));
        assertThat(flooded).as("a waiting prediction keeps its features: ~100 bytes each").isGreaterThan(flood * 50L);
        assertThat(after).as("nothing left but state backend headers").isLessThan(flooded / 100);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private long keyedStateBytes(long checkpoint) throws Exception {
        return harness.snapshot(checkpoint, checkpoint).getManagedKeyedState().getStateSize();
    }
}
