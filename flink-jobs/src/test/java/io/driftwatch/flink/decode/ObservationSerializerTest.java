package io.driftwatch.flink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.source.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ObservationSerializerTest {

    private static Observation roundTrip(Observation event) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ObservationSerializer.INSTANCE.serialize(event, out);
        return ObservationSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void predictionRoundTripsWithMissingValuesAndNonAsciiText() throws IOException {
        Map<String, Double> numeric = new HashMap<>();
        numeric.put("amount", 12.5);
        numeric.put("age", null);
        Map<String, String> categorical = new HashMap<>();
        categorical.put("country", "Österreich");
        categorical.put("device", null);
        Observation event = new Observation("e-1", "fraud", "v1", "all", 1_700_000_000_123L, true, numeric,
                categorical, 0.75, "fraud", new RawRecord("predictions", 3, 42, 1_700_000_000_200L,
                "e-1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2, -1}),
                Map.of("fraud", 0.75, "ok", 0.25), 3.5);

        assertThat(roundTrip(event)).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void featureEventRoundTripsWithoutPredictionKeyOrLatency() throws IOException {
        Observation event = new Observation("e-2", "fraud", "v1", "all", 5L, false, Map.of("amount", 1.0), Map.of(),
                null, null, new RawRecord("features", 0, 7, 9L, null, new byte[0]), Map.of(), null);

        assertThat(roundTrip(event)).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void flinkTypeExtractionUsesIt() {
        assertThat(TypeInformation.of(Observation.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(ObservationSerializer.INSTANCE);
    }
}
