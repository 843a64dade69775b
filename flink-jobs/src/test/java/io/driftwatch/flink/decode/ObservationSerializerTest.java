package io.driftwatch.flink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.flink.state.RecentStrings;
import io.driftwatch.flink.testing.SerializerRoundTrip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

class ObservationSerializerTest {

    private final ObservationSerializer serializer = new ObservationSerializer();

    private Observation roundTrip(Observation event) throws IOException {
        return SerializerRoundTrip.of(serializer, event);
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

    /** Names repeat from event to event: read again, they are the instance read before, and still right. */
    @Test
    void repeatedNamesAreReadAsTheSameInstance() throws IOException {
        Observation first = roundTrip(prediction("e-1", Map.of("amount", 1.0, "age", 2.0), Map.of("country", "AT")));
        Observation second = roundTrip(prediction("e-2", Map.of("amount", 3.0, "age", 4.0), Map.of("country", "DE")));

        assertThat(second.numeric()).containsExactlyInAnyOrderEntriesOf(Map.of("amount", 3.0, "age", 4.0));
        assertThat(second.categorical()).containsExactlyEntriesOf(Map.of("country", "DE"));
        String amountKey = key(first.numeric(), "amount");
        assertThat(key(second.numeric(), "amount")).isSameAs(amountKey);
        assertThat(second.modelId()).isSameAs(first.modelId());
        assertThat(second.eventId()).isEqualTo("e-2");
    }

    /** More distinct names than the table has slots, long names, and names that share a slot: all read right. */
    @Test
    void namesThatEvictEachOtherOrAreTooLongToCacheAreStillReadRight() throws IOException {
        String longName = "f".repeat(RecentStrings.MAX_CACHED_BYTES + 1);
        for (int i = 0; i < 3 * RecentStrings.SLOTS; i++) {
            Map<String, Double> numeric = Map.of("feature_" + i, (double) i, longName, -1.0);
            assertThat(roundTrip(prediction("e-" + i, numeric, Map.of())).numeric())
                    .containsExactlyInAnyOrderEntriesOf(numeric);
        }
    }

    @Test
    void flinkTypeExtractionUsesItAndGivesEveryUserItsOwnInstance() {
        TypeInformation<Observation> type = TypeInformation.of(Observation.class);
        assertThat(type.createSerializer(new SerializerConfigImpl())).isInstanceOf(ObservationSerializer.class)
                .isNotSameAs(type.createSerializer(new SerializerConfigImpl()));
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    private static Observation prediction(String eventId, Map<String, Double> numeric, Map<String, String> categorical) {
        return new Observation(eventId, "fraud", "v1", "all", 5L, true, numeric, categorical, 0.5, "ok",
                new RawRecord("predictions", 0, 7, 9L, null, new byte[0]), Map.of(), null);
    }

    private static String key(Map<String, Double> map, String name) {
        return map.keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }
}
