package io.driftwatch.flink.source;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as received: where it came from and its bytes. Kept beside every decoded event so
 * that a stage which rejects the event later can still dead-letter the exact bytes and offset.
 *
 * @param key record key, or {@code null}
 * @param value record value, or {@code null} for a tombstone
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

    public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                record.value());
    }
}
