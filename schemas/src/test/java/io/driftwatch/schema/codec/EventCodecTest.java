package io.driftwatch.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.LabelEvent;
import io.driftwatch.events.NumericFeatureBaseline;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.events.Severity;
import io.driftwatch.schema.Events;
import io.driftwatch.schema.validate.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec<PredictionEvent> predictions = EventCodec.of(PredictionEvent.class);

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void predictionEventRoundTripsInEveryFormat(WireFormat format) throws Exception {
        PredictionEvent event = Events.prediction();
        assertThat(predictions.decode(predictions.encode(event, format), format)).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyOtherEventTypeRoundTrips(WireFormat format) throws Exception {
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        NumericFeatureBaseline numeric = NumericFeatureBaseline.newBuilder().setName("age")
                .setBinEdges(List.of(1.0, 2.0)).setBinFractions(List.of(0.3, 0.3, 0.4))
                .setKllSketch(ByteBuffer.wrap(new byte[] {1, 2, 3})).setCount(10).setMissingFraction(0.1)
                .setMin(0).setMax(3).setMean(1.5).setStdDev(0.5).build();
        CategoricalFeatureBaseline categorical = CategoricalFeatureBaseline.newBuilder().setName("country")
                .setFrequencies(Map.of("DE", 0.6, "FR", 0.4)).setCount(10).setMissingFraction(0).build();
        assertRoundTrip(Baseline.newBuilder().setModelId("m").setModelVersion("v1").setCreatedAt(t).setRowCount(11)
                .setNumericFeatures(List.of(numeric)).setCategoricalFeatures(List.of(categorical))
                .setPredictionScore(numeric).setEvaluationMetrics(Map.of("auc", 0.9)).build(), format);
        assertRoundTrip(DriftAlert.newBuilder().setFingerprint("abc").setStatus(AlertStatus.FIRING)
                .setSeverity(Severity.CRITICAL).setModelId("m").setModelVersion("v1").setFeature("age")
                .setMetric("psi").setValue(0.3).setThreshold(0.25).setWindowStart(t).setWindowEnd(t)
                .setStartedAt(t).build(), format);
        assertRoundTrip(LabelEvent.newBuilder().setEventId("e").setModelId("m").setTimestamp(t)
                .setLabelClass("1").build(), format);
        assertRoundTrip(DeadLetter.newBuilder().setSourceTopic("predictions").setPayload(ByteBuffer.wrap(new byte[] {9}))
                .setStage("decode").setReason("malformed-bytes").setError("x").setFailedAt(t).build(), format);
    }

    private static <T extends SpecificRecord> void assertRoundTrip(T event, WireFormat format) throws Exception {
        @SuppressWarnings("unchecked")
        EventCodec<T> codec = EventCodec.of((Class<T>) event.getClass());
        assertThat(codec.decode(codec.encode(event, format), format)).isEqualTo(event);
    }

    @Test
    void eventWrittenWithOlderSchemaIsReadWithDefaultsForNewFields() throws Exception {
        Schema v0 = loadSchema("/history/PredictionEvent-v0.avsc");
        GenericRecord prediction = new GenericData.Record(v0.getField("prediction").schema());
        prediction.put("score", 0.4);
        GenericRecord old = new GenericData.Record(v0);
        old.put("event_id", "e-old");
        old.put("model_id", "fraud");
        old.put("model_version", "v0");
        old.put("timestamp", 1_700_000_000_000L);
        old.put("numeric_features", Map.of("age", 30.0));
        old.put("categorical_features", Map.of());
        old.put("prediction", prediction);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old);

        PredictionEvent read = predictions.withWriterSchema(v0).decode(toArray(bytes), WireFormat.AVRO);

        assertThat(read.getEventId()).isEqualTo("e-old");
        assertThat(read.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getNumericFeatures()).containsEntry("age", 30.0);
        assertThat(read.getPrediction().getScore()).isEqualTo(0.4);
        assertThat(read.getLatencyMs()).isNull();
        assertThat(read.getSegments()).isEmpty();
        assertThat(read.getPrediction().getClassProbabilities()).isEmpty();
    }

    @Test
    void unknownFingerprintIsRejectedNamingTheFingerprint() throws IOException {
        Schema v0 = loadSchema("/history/PredictionEvent-v0.avsc");
        byte[] bytes = predictions.encode(Events.prediction(), WireFormat.AVRO);
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(v0);
        ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);

        assertThatThrownBy(() -> predictions.decode(bytes, WireFormat.AVRO))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining(EventCodec.fingerprint(v0))
                .satisfies(e -> assertThat(((EventDecodingException) e).rejection().reason())
                        .isEqualTo(RejectReason.UNKNOWN_SCHEMA));
    }

    @Test
    void truncatedBodyIsMalformed() {
        byte[] bytes = predictions.encode(Events.prediction(), WireFormat.AVRO);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        assertReason(() -> predictions.decode(truncated, WireFormat.AVRO), RejectReason.MALFORMED_BYTES);
    }

    @Test
    void bytesWithoutSingleObjectHeaderAreMalformed() {
        byte[] json = "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> predictions.decode(json, WireFormat.AVRO))
                .hasMessageContaining("expected header C3 01");
        assertReason(() -> predictions.decode(new byte[0], WireFormat.AVRO), RejectReason.MALFORMED_BYTES);
    }

    @Test
    void everyBitFlipOfAValidRecordIsDecodedOrRejectedWithAReason() {
        byte[] bytes = predictions.encode(Events.prediction(), WireFormat.AVRO);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                assertThat(predictions.decode(flipped, WireFormat.AVRO)).isNotNull();
            } catch (EventDecodingException e) {
                assertThat(e.rejection().reason()).isIn(RejectReason.MALFORMED_BYTES, RejectReason.UNKNOWN_SCHEMA);
            }
        }
    }

    @Test
    void plainJsonWithIsoTimestampAndAvroWrappedUnionIsAccepted() throws Exception {
        String json = """
                {"event_id": "e-9", "model_id": "fraud", "model_version": "v2",
                 "timestamp": "2026-11-26T12:00:00Z",
                 "numeric_features": {"age": 31, "income": {"double": 5000.5}, "debt": null},
                 "prediction": {"score": 0.2}}
                """;
        PredictionEvent event = predictions.decode(json.getBytes(StandardCharsets.UTF_8), WireFormat.JSON);
        assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(event.getNumericFeatures()).containsEntry("age", 31.0).containsEntry("income", 5000.5)
                .containsEntry("debt", null);
        assertThat(event.getCategoricalFeatures()).isEmpty();
        assertThat(event.getPrediction().getScore()).isEqualTo(0.2);
    }

    @Test
    void jsonWithWrongTypeNamesTheFieldPath() {
        String json = """
                {"event_id": "e", "model_id": "m", "model_version": "v", "timestamp": 1,
                 "numeric_features": {"age": "old"}, "prediction": {}}
                """;
        assertThatThrownBy(() -> predictions.decode(json.getBytes(StandardCharsets.UTF_8), WireFormat.JSON))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("$.numeric_features.age")
                .satisfies(e -> assertThat(((EventDecodingException) e).rejection().reason())
                        .isEqualTo(RejectReason.INVALID_JSON));
    }

    @Test
    void jsonMissingRequiredFieldIsRejected() {
        String json = "{\"model_id\": \"m\"}";
        assertThatThrownBy(() -> predictions.decode(json.getBytes(StandardCharsets.UTF_8), WireFormat.JSON))
                .hasMessageContaining("$.event_id: required field is missing");
        assertReason(() -> predictions.decode("[1,2]".getBytes(StandardCharsets.UTF_8), WireFormat.JSON),
                RejectReason.INVALID_JSON);
        assertReason(() -> predictions.decode("{\"a\":".getBytes(StandardCharsets.UTF_8), WireFormat.JSON),
                RejectReason.INVALID_JSON);
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RejectReason reason) {
        assertThatThrownBy(call).isInstanceOf(EventDecodingException.class)
                .satisfies(e -> assertThat(((EventDecodingException) e).rejection().reason()).isEqualTo(reason));
    }

    private static Schema loadSchema(String resource) throws IOException {
        try (InputStream in = EventCodecTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
