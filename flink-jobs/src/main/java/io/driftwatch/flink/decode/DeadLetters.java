package io.driftwatch.flink.decode;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.schema.validate.Rejection;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Builds {@link DeadLetter}s: the raw record, where it came from, which stage refused it and why. */
public final class DeadLetters {
    /** Bytes could not be decoded. */
    public static final String STAGE_DECODE = "decode";
    /** Decoded, but a field is invalid. */
    public static final String STAGE_VALIDATE = "validate";
    /** No baseline (in time), or the model is not monitored. */
    public static final String STAGE_BASELINE = "baseline";
    /** After its window's allowed lateness. */
    public static final String STAGE_WINDOW = "window";
    /** A label that found no prediction to join within the horizon. */
    public static final String STAGE_JOIN = "join";

    /**
     * Longest model id copied into a dead letter. An id that long is invalid anyway; the cut keeps a
     * hostile one (up to Avro's 1 MiB string limit) from making the dead letter larger than Kafka
     * accepts, which would fail the dead-letters sink and with it the job.
     */
    static final int MAX_MODEL_ID_CHARS = 256;

    private DeadLetters() {}

    /**
     * A dead letter for {@code record}; its value is copied up to {@code maxPayloadBytes} bytes (the
     * source offset leads to the full record while the topic retains it).
     *
     * @param modelId the model id if it could be read, else {@code null}; cut to {@value #MAX_MODEL_ID_CHARS}
     *                characters
     */
    public static DeadLetter of(RawRecord record, String stage, Rejection rejection, String modelId,
                                int maxPayloadBytes) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        byte[] payload = value.length <= maxPayloadBytes ? value : Arrays.copyOf(value, maxPayloadBytes);
        String error = value.length <= maxPayloadBytes ? rejection.message()
                : rejection.message() + " (payload truncated from " + value.length + " bytes)";
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setPayload(ByteBuffer.wrap(payload))
                .setStage(stage)
                .setReason(rejection.reason().code())
                .setError(error)
                .setModelId(modelId == null || modelId.length() <= MAX_MODEL_ID_CHARS ? modelId
                        : modelId.substring(0, MAX_MODEL_ID_CHARS))
                .setFailedAt(Instant.now())
                .build();
    }
}
