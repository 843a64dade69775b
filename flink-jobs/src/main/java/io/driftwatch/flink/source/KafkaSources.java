package io.driftwatch.flink.source;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.BaselineDecoder;
import io.driftwatch.flink.decode.EventDecoder;
import io.driftwatch.flink.decode.LabelDecoder;
import io.driftwatch.flink.decode.LabelObservation;
import io.driftwatch.flink.decode.Observation;
import io.driftwatch.flink.decode.Segments;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's Kafka sources. Event topics start from the group's committed offsets (earliest for a new
 * group); the baselines topic is always read from the beginning, as the compacted log of every
 * version's current baseline. Offsets are committed on checkpoints; after a restore the checkpoint's
 * own offsets are used.
 */
public final class KafkaSources {
    private KafkaSources() {}

    public static KafkaSource<Either<Observation, DeadLetter>> events(JobConfig config, JobConfig.EventTopic topic) {
        EventDecoder decoder = new EventDecoder(topic, config.validation(),
                new Segments(config.windows().segmentTag(), config.windows().segmentValues()));
        return builder(config, topic.topic().name(), new DecodingDeserializer<>(decoder,
                config.validation().maxPayloadBytes(), false))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .build();
    }

    /** The {@code labels} topic, decoded and validated like the event topics; from committed offsets. */
    public static KafkaSource<Either<LabelObservation, DeadLetter>> labels(JobConfig config, JobConfig.InputTopic topic) {
        return builder(config, topic.name(), new DecodingDeserializer<>(new LabelDecoder(topic, config.validation()),
                config.validation().maxPayloadBytes(), false))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .build();
    }

    public static KafkaSource<Either<Baseline, DeadLetter>> baselines(JobConfig config) {
        return builder(config, config.topics().baselines(), new DecodingDeserializer<>(
                new BaselineDecoder(config.validation()), config.validation().maxPayloadBytes(), true))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .build();
    }

    private static <T> KafkaSourceBuilder<Either<T, DeadLetter>> builder(JobConfig config, String topic,
                                                                       DecodingDeserializer<T> deserializer) {
        KafkaSourceBuilder<Either<T, DeadLetter>> builder = KafkaSource.<Either<T, DeadLetter>>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.kafka().groupId())
                .setDeserializer(deserializer)
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true");
        config.kafka().properties().forEach(builder::setProperty);
        return builder;
    }
}
