package io.driftwatch.flink.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.flink.testing.SerializerRoundTrip;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.junit.jupiter.api.Test;

/** The hand-written serializers of the performance stages' records: every field survives, nulls included. */
class PerformanceSerializersTest {

    private static PredictionFacts predictionWithFeatures() {
        Map<String, Double> numeric = new HashMap<>();
        numeric.put("amount", 12.5);
        numeric.put("age", null);
        Map<String, String> categorical = new HashMap<>();
        categorical.put("country", "Österreich");
        categorical.put("device", null);
        return new PredictionFacts("e-1", "fraud", "v2", 1_700_000_000_123L, 0.75, "fraud",
                Map.of("fraud", 0.75, "ok", 0.25), 3.5, numeric, categorical);
    }

    @Test
    void predictionFactsRoundTripWithFeaturesAndMissingValues() throws IOException {
        PredictionFacts facts = predictionWithFeatures();
        assertThat(SerializerRoundTrip.of(new PredictionFactsSerializer(), facts)).usingRecursiveComparison().isEqualTo(facts);

        PredictionFacts regression = new PredictionFacts("e-2", "price", "v1", 5L, null, null, Map.of(), null,
                Map.of(), Map.of());
        assertThat(SerializerRoundTrip.of(new PredictionFactsSerializer(), regression)).usingRecursiveComparison()
                .isEqualTo(regression);
    }

    @Test
    void everyKindOfPerformanceEventRoundTrips() throws IOException {
        PerformanceEventSerializer serializer = new PerformanceEventSerializer();
        PredictionFacts facts = predictionWithFeatures();
        for (PerformanceEvent event : new PerformanceEvent[] {
                PerformanceEvent.predicted(facts),
                new PerformanceEvent(PerformanceEvent.Kind.LABELLED, facts.withoutFeatures(), "ok", null),
                new PerformanceEvent(PerformanceEvent.Kind.LABELLED, facts.withoutFeatures(), null, 41.5),
                new PerformanceEvent(PerformanceEvent.Kind.UNLABELLED, facts, null, null)}) {
            assertThat(SerializerRoundTrip.of(serializer, event)).usingRecursiveComparison().isEqualTo(event);
        }
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        byte[] bytes = {9};
        assertThatThrownBy(() -> new PerformanceEventSerializer().deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("format version 9");
    }

    @Test
    void flinkTypeExtractionUsesThemWithAnInstancePerUser() {
        TypeInformation<PerformanceEvent> events = TypeInformation.of(PerformanceEvent.class);
        assertThat(events.createSerializer(new SerializerConfigImpl())).isInstanceOf(PerformanceEventSerializer.class)
                .isNotSameAs(events.createSerializer(new SerializerConfigImpl()));
        assertThat(TypeInformation.of(PredictionFacts.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(PredictionFactsSerializer.class);
    }
}
