package io.driftwatch.flink.decode;

import io.driftwatch.events.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits a decoded stream: values go on, dead letters to the {@link #DEAD_LETTERS} side output.
 * Counts decoded values as the Flink metric {@code decoded}.
 *
 * @param <T> the decoded type
 */
public final class RouteDecoded<T> extends ProcessFunction<Either<T, DeadLetter>, T> {
    /** Side output of every stage that refuses a record. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters",
            new org.apache.flink.formats.avro.typeutils.AvroTypeInfo<>(DeadLetter.class));

    private transient Counter decoded;

    @Override
    public void open(OpenContext openContext) {
        decoded = getRuntimeContext().getMetricGroup().counter("decoded");
    }

    @Override
    public void processElement(Either<T, DeadLetter> element, Context ctx, Collector<T> out) {
        if (element.isLeft()) {
            decoded.inc();
            out.collect(element.left());
        } else {
            ctx.output(DEAD_LETTERS, element.right());
        }
    }
}
