package io.driftwatch.flink.decode;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.flink.source.RecordDecoder;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;

/**
 * Decodes the {@code baselines} topic (single-object Avro). A baseline's event time is its Kafka
 * record timestamp, the moment it was published: a replacement baseline applies from the first
 * window starting after it (see {@code BaselineRegistry}), the same on every subtask.
 */
public final class BaselineDecoder implements RecordDecoder<Baseline> {
    private final JobConfig.Validation validation;
    private transient EventCodec<Baseline> codec;

    public BaselineDecoder(JobConfig.Validation validation) {
        this.validation = validation;
    }

    @Override
    public void open() {
        AvroLimits.apply(validation);
        codec = EventCodec.of(Baseline.class);
    }

    @Override
    public Either<Baseline, DeadLetter> decode(RawRecord record) {
        try {
            Baseline baseline = codec.decode(record.value(), WireFormat.AVRO);
            if (baseline.getModelId().isEmpty() || baseline.getModelVersion().isEmpty()) {
                return reject(record, new Rejection(RejectReason.MISSING_FIELD,
                        "baseline without model_id or model_version"));
            }
            return Either.Left(baseline);
        } catch (EventDecodingException e) {
            return reject(record, e.rejection());
        }
    }

    private Either<Baseline, DeadLetter> reject(RawRecord record, Rejection rejection) {
        return Either.Right(DeadLetters.of(record, DeadLetters.STAGE_DECODE, rejection, null,
                validation.maxPayloadBytes()));
    }

    @Override
    public TypeInformation<Baseline> producedType() {
        return new AvroTypeInfo<>(Baseline.class);
    }
}
