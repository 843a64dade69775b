package io.driftwatch.flink.decode;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.flink.source.RecordDecoder;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.schema.validate.EventValidator;
import io.driftwatch.schema.validate.Rejection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Either;

/**
 * Decodes and validates the records of one event topic ({@code predictions} or {@code features}) into
 * {@link Observation}s; every failure becomes a dead letter with the stage ({@code decode} or
 * {@code validate}), the typed reason and the model id when it could be read.
 */
public final class EventDecoder implements RecordDecoder<Observation> {
    private final JobConfig.EventKind kind;
    private final WireFormat format;
    private final JobConfig.Validation validation;
    private final Segments segments;

    private transient EventCodec<PredictionEvent> predictionCodec;
    private transient EventCodec<FeatureEvent> featureCodec;
    private transient EventValidator validator;

    public EventDecoder(JobConfig.EventTopic topic, JobConfig.Validation validation, Segments segments) {
        this.kind = topic.kind();
        this.format = topic.topic().format();
        this.validation = validation;
        this.segments = segments;
    }

    @Override
    public void open() {
        AvroLimits.apply(validation);
        predictionCodec = EventCodec.of(PredictionEvent.class);
        featureCodec = EventCodec.of(FeatureEvent.class);
        validator = new EventValidator(validation.limits());
    }

    @Override
    public Either<Observation, DeadLetter> decode(RawRecord record) {
        try {
            return kind == JobConfig.EventKind.PREDICTION
                    ? prediction(predictionCodec.decode(record.value(), format), record)
                    : feature(featureCodec.decode(record.value(), format), record);
        } catch (EventDecodingException e) {
            return reject(record, DeadLetters.STAGE_DECODE, e.rejection(), null);
        }
    }

    private Either<Observation, DeadLetter> prediction(PredictionEvent event, RawRecord record) {
        Optional<Rejection> invalid = validator.validate(event, Instant.now());
        if (invalid.isPresent()) {
            return reject(record, DeadLetters.STAGE_VALIDATE, invalid.get(), event.getModelId());
        }
        return Either.Left(new Observation(event.getEventId(), event.getModelId(), event.getModelVersion(),
                segments.segmentOf(event.getSegments()), event.getTimestamp().toEpochMilli(), true,
                event.getNumericFeatures(), event.getCategoricalFeatures(), event.getPrediction().getScore(),
                event.getPrediction().getPredictedClass(), record,
                event.getPrediction().getClassProbabilities(), event.getLatencyMs()));
    }

    private Either<Observation, DeadLetter> feature(FeatureEvent event, RawRecord record) {
        Optional<Rejection> invalid = validator.validate(event, Instant.now());
        if (invalid.isPresent()) {
            return reject(record, DeadLetters.STAGE_VALIDATE, invalid.get(), event.getModelId());
        }
        return Either.Left(new Observation(event.getEventId(), event.getModelId(), event.getModelVersion(),
                segments.segmentOf(event.getSegments()), event.getTimestamp().toEpochMilli(), false,
                event.getNumericFeatures(), event.getCategoricalFeatures(), null, null, record, Map.of(), null));
    }

    private Either<Observation, DeadLetter> reject(RawRecord record, String stage, Rejection rejection, String modelId) {
        return Either.Right(DeadLetters.of(record, stage, rejection, modelId, validation.maxPayloadBytes()));
    }

    @Override
    public TypeInformation<Observation> producedType() {
        return TypeInformation.of(Observation.class);
    }
}
