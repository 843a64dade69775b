package io.driftwatch.flink.testing;

import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.EventDecoder;
import io.driftwatch.flink.decode.Observation;
import io.driftwatch.flink.decode.Segments;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.util.List;
import org.apache.flink.types.Either;

/** Observations made the way the job makes them: encoded, then decoded and validated by the real decoder. */
public final class Observations {
    private static final EventCodec<PredictionEvent> CODEC = EventCodec.of(PredictionEvent.class);
    private static final EventDecoder DECODER = decoder();

    private Observations() {}

    private static EventDecoder decoder() {
        EventDecoder decoder = new EventDecoder(new JobConfig.EventTopic(new JobConfig.InputTopic("predictions",
                WireFormat.AVRO), JobConfig.EventKind.PREDICTION), new JobConfig.Validation(null, null, null, null,
                null, null, null, null), new Segments(null, List.of()));
        decoder.open();
        return decoder;
    }

    public static Observation of(PredictionEvent event) {
        Either<Observation, ?> decoded = DECODER.decode(new RawRecord("predictions", 0, 0,
                event.getTimestamp().toEpochMilli(), null, CODEC.encode(event, WireFormat.AVRO)));
        if (decoded.isRight()) {
            throw new AssertionError("test event refused: " + decoded.right());
        }
        return decoded.left();
    }

    public static List<Observation> of(List<PredictionEvent> events) {
        return events.stream().map(Observations::of).toList();
    }
}
