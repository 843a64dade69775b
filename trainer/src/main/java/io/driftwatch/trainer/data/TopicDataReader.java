package io.driftwatch.trainer.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.events.LabelledExample;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;

/**
 * Reads one model's labelled examples of an event-time range from the {@code labelled-examples}
 * topic. Each partition is read from the first offset whose record timestamp is at or after
 * {@code from} ({@code offsetsForTimes}) up to its end offset at the start of the read, stopping
 * early once record timestamps pass {@code to + labelDelay}: labels are written after the
 * prediction, so a record for an event before {@code to} cannot come later than that. The offset
 * ranges actually read are the data reference; re-reading them with the same filter gives the same rows.
 */
public final class TopicDataReader {
    private static final Logger LOG = LoggerFactory.getLogger(TopicDataReader.class);
    private static final EventCodec<LabelledExample> CODEC = EventCodec.of(LabelledExample.class);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Duration labelDelay;
    private final Duration timeout;

    public TopicDataReader(Map<String, Object> clientProperties, String topic, Duration labelDelay, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.labelDelay = labelDelay;
        this.timeout = timeout;
    }

    /** The labelled rows of {@code modelId} with event time in {@code [from, to)}; a Kafka timeout is transient. */
    public LabelledData read(String modelId, Instant from, Instant to) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long stopAfter = to.plus(labelDelay).toEpochMilli();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            if (partitions.isEmpty()) {
                throw new TimeoutException("topic " + topic + " has no partitions (does it exist?)");
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, timeout);
            Map<TopicPartition, Long> startOffsets = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            Map<TopicPartition, Long> reached = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                long offset = start == null ? ends.get(partition) : start.offset();
                startOffsets.put(partition, offset);
                reached.put(partition, offset);
            }
            consumer.assign(partitions);
            startOffsets.forEach(consumer::seek);

            Map<String, LabelledRow> byEventId = new LinkedHashMap<>();
            long undecodable = 0;
            long unlabelled = 0;
            Set<TopicPartition> open = new java.util.HashSet<>(partitions);
            open.removeIf(p -> reached.get(p) >= ends.get(p));
            while (!open.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("reading " + topic + " for model " + modelId + " took longer than " + timeout
                            + " (still open: " + open + ")");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!open.contains(partition)) {
                        continue;
                    }
                    if (record.offset() >= ends.get(partition) || record.timestamp() > stopAfter) {
                        close(consumer, open, partition);
                        continue;
                    }
                    reached.put(partition, record.offset() + 1);
                    LabelledExample example;
                    try {
                        example = CODEC.decode(record.value(), WireFormat.AVRO);
                    } catch (EventDecodingException e) {
                        undecodable++;
                        LOG.warn("skipping undecodable record {}@{}: {}", partition, record.offset(), e.getMessage());
                        continue;
                    }
                    if (!example.getModelId().equals(modelId) || example.getTimestamp().isBefore(from)
                            || !example.getTimestamp().isBefore(to)) {
                        continue;
                    }
                    if (example.getLabelClass() == null) {
                        unlabelled++;
                        continue;
                    }
                    // At-least-once writers may repeat an example: the last one read wins.
                    byEventId.put(example.getEventId(), toRow(example));
                }
                for (TopicPartition partition : List.copyOf(open)) {
                    if (consumer.position(partition) >= ends.get(partition)) {
                        reached.put(partition, Math.max(reached.get(partition), ends.get(partition)));
                        close(consumer, open, partition);
                    }
                }
            }
            if (unlabelled > 0) {
                LOG.info("{} examples of {} in range had no label_class and were skipped", unlabelled, modelId);
            }
            List<DataReference.PartitionRange> ranges = new ArrayList<>();
            startOffsets.forEach((partition, start) ->
                    ranges.add(new DataReference.PartitionRange(partition.partition(), start, reached.get(partition))));
            DataReference reference = new DataReference.TopicRange(topic, modelId, from, to, ranges, undecodable);
            return new LabelledData(new ArrayList<>(byEventId.values()), reference);
        }
    }

    private static void close(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> open, TopicPartition partition) {
        open.remove(partition);
        consumer.pause(List.of(partition));
    }

    private static LabelledRow toRow(LabelledExample example) {
        return LabelledRow.of(example.getEventId(), example.getTimestamp().toEpochMilli(),
                example.getNumericFeatures(), example.getCategoricalFeatures(), example.getLabelClass());
    }
}
