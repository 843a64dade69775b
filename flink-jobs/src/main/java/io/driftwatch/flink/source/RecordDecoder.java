package io.driftwatch.flink.source;

import io.driftwatch.events.DeadLetter;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Either;

/**
 * Turns one raw record into a value or a dead letter, never throwing. Serializable so a source can
 * carry it to the task managers; {@link #open()} creates what cannot be serialized (codecs).
 *
 * @param <T> the decoded type
 */
public interface RecordDecoder<T> extends Serializable {
    void open();

    Either<T, DeadLetter> decode(RawRecord record);

    TypeInformation<T> producedType();
}
