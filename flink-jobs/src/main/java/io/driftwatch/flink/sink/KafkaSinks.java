package io.driftwatch.flink.sink;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The job's Kafka sinks.
 * <ul>
 *   <li>{@code drift-alerts} and {@code retrain-requests}: exactly once. Records are written in Kafka
 *       transactions committed when a checkpoint completes; consumers reading with
 *       {@code isolation.level=read_committed} see each alert once, also across restarts.</li>
 *   <li>{@code dead-letters}: at least once (no transactions: dead letters are for people and repair
 *       tools, and a rare duplicate after a restart is harmless, while transactions would delay them
 *       to the next checkpoint).</li>
 *   <li>{@code labelled-examples}: exactly once, like the alerts (see {@link #labelledExamples}).</li>
 * </ul>
 */
public final class KafkaSinks {
    private KafkaSinks() {}

    public static KafkaSink<DriftAlert> alerts(JobConfig config) {
        return exactlyOnce(config, new AvroRecordSerializer<>(config.topics().alerts(), DriftAlert.class,
                DriftAlert::getFingerprint), "alerts");
    }

    public static KafkaSink<RetrainRequest> retrainRequests(JobConfig config) {
        return exactlyOnce(config, new AvroRecordSerializer<>(config.topics().retrainRequests(), RetrainRequest.class,
                RetrainRequest::getModelId), "retrain");
    }

    /**
     * {@code labelled-examples}: exactly once, keyed by model id. The record timestamp is the label's
     * time ({@code labelled_at}), never before the prediction's event time: the trainer's reader seeks
     * by record timestamp to the start of the event-time range it trains on and stops once timestamps
     * pass the range's end plus its label delay, so this timestamp must be at or after the prediction
     * and at most the label horizon after it.
     */
    public static KafkaSink<LabelledExample> labelledExamples(JobConfig config) {
        return exactlyOnce(config, new AvroRecordSerializer<>(config.topics().labelledExamples(), LabelledExample.class,
                LabelledExample::getModelId, example -> Math.max(example.getLabelledAt().toEpochMilli(),
                        example.getTimestamp().toEpochMilli())), "labelled");
    }

    public static KafkaSink<DeadLetter> deadLetters(JobConfig config) {
        return builder(config, new AvroRecordSerializer<>(config.topics().deadLetters(), DeadLetter.class,
                KafkaSinks::deadLetterKey))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The original record's key when it had one, else the model id. */
    private static String deadLetterKey(DeadLetter letter) {
        if (letter.getKey() != null) {
            var key = letter.getKey().duplicate();
            byte[] bytes = new byte[key.remaining()];
            key.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return letter.getModelId();
    }

    private static <T extends SpecificRecord> KafkaSink<T> exactlyOnce(JobConfig config,
                                                                      AvroRecordSerializer<T> serializer,
                                                                      String purpose) {
        return builder(config, serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.kafka().groupId() + "-" + purpose)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        Long.toString(config.checkpoints().transactionTimeout().toMillis()))
                .build();
    }

    private static <T extends SpecificRecord> KafkaSinkBuilder<T> builder(JobConfig config,
                                                                         AvroRecordSerializer<T> serializer) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setRecordSerializer(serializer);
        config.kafka().properties().forEach(builder::setProperty);
        builder.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        return builder;
    }
}
