package io.driftwatch.flink.decode;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.LabelEvent;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.flink.source.RecordDecoder;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.schema.validate.EventValidator;
import io.driftwatch.schema.validate.Rejection;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Either;

/**
 * Decodes and validates the {@code labels} topic into {@link LabelObservation}s, with the same dead
 * letters (stage {@code decode} or {@code validate}, typed reason) as the event topics.
 */
public final class LabelDecoder implements RecordDecoder<LabelObservation> {
    private final WireFormat format;
    private final JobConfig.Validation validation;

    private transient EventCodec<LabelEvent> codec;
    private transient EventValidator validator;

    public LabelDecoder(JobConfig.InputTopic topic, JobConfig.Validation validation) {
        this.format = topic.format();
        this.validation = validation;
    }

    @Override
    public void open() {
        AvroLimits.apply(validation);
        codec = EventCodec.of(LabelEvent.class);
        validator = new EventValidator(validation.limits());
    }

    @Override
    public Either<LabelObservation, DeadLetter> decode(RawRecord record) {
        LabelEvent label;
        try {
            label = codec.decode(record.value(), format);
        } catch (EventDecodingException e) {
            return Either.Right(DeadLetters.of(record, DeadLetters.STAGE_DECODE, e.rejection(), null,
                    validation.maxPayloadBytes()));
        }
        Optional<Rejection> invalid = validator.validate(label, Instant.now());
        if (invalid.isPresent()) {
            return Either.Right(DeadLetters.of(record, DeadLetters.STAGE_VALIDATE, invalid.get(), label.getModelId(),
                    validation.maxPayloadBytes()));
        }
        return Either.Left(new LabelObservation(label.getEventId(), label.getModelId(),
                label.getTimestamp().toEpochMilli(), label.getLabelClass(), label.getLabelValue(), record));
    }

    @Override
    public TypeInformation<LabelObservation> producedType() {
        return TypeInformation.of(LabelObservation.class);
    }
}
