package io.driftwatch.alerting;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which Kafka offsets may be committed: per partition, everything before the oldest record whose
 * alert is still waiting for its groups to flush. A restart then re-reads exactly the records
 * whose notification was neither delivered nor recorded as failed.
 */
final class CommittableOffsets {
    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void consumed(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        next.merge(partition, offset + 1, Math::max);
    }

    void handled(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** Offsets that moved since the last call, to commit now. */
    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        next.forEach((partition, nextOffset) -> {
            TreeSet<Long> offsets = pending.get(partition);
            long safe = offsets == null || offsets.isEmpty() ? nextOffset : offsets.first();
            if (!Long.valueOf(safe).equals(committed.get(partition))) {
                commit.put(partition, new OffsetAndMetadata(safe));
            }
        });
        return commit;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }

    /** Forgets partitions this consumer no longer owns (their records are re-read by the new owner). */
    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            pending.remove(partition);
            next.remove(partition);
            committed.remove(partition);
        });
    }
}
