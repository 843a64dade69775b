package io.driftwatch.bench;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The floors an end-to-end latency is compared with in the same run: one record or point at a time,
 * from handing it over to seeing it where a reader looks. Times in milliseconds; the first
 * {@value #WARMUP} round trips of each kind warm up connections and the JIT and are not returned.
 */
final class RoundTrips {
    private static final int WARMUP = 5;

    private RoundTrips() {}

    /**
     * Producer → consumer on {@code topic} (one partition), acks=all, no linger. Transactional: each
     * record in its own transaction, committed, read by a read_committed consumer (what one
     * exactly-once commit costs when nothing waits for a checkpoint).
     */
    static List<Double> kafka(EmbeddedKafkaBroker broker, String topic, int count, boolean transactional)
            throws Exception {
        Map<String, Object> producerConfig = broker.producerConfig();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (transactional) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "round-trip-" + System.nanoTime());
        }
        Map<String, Object> consumerConfig = broker.consumerConfig("unused");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, transactional ? "read_committed" : "read_uncommitted");
        TopicPartition partition = new TopicPartition(topic, 0);
        List<Double> millis = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            if (transactional) {
                producer.initTransactions();
            }
            for (int i = 0; i < WARMUP + count; i++) {
                long sent = System.nanoTime();
                byte[] id = ByteBuffer.allocate(8).putLong(sent).array();
                if (transactional) {
                    producer.beginTransaction();
                }
                producer.send(new ProducerRecord<>(topic, 0, id, id));
                if (transactional) {
                    producer.commitTransaction();
                } else {
                    producer.flush();
                }
                long received = awaitRecord(consumer, sent);
                if (i >= WARMUP) {
                    millis.add((received - sent) / 1e6);
                }
            }
        }
        return millis;
    }

    private static long awaitRecord(KafkaConsumer<byte[], byte[]> consumer, long id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (ByteBuffer.wrap(record.value()).getLong() == id) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("a round-trip record did not come back within 30 s");
    }

    /** One point written to {@code database}, then queried every {@code pollMillis} until it is returned. */
    static List<Double> influx(InfluxDB influx, String database, int count, long pollMillis) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARMUP + count; i++) {
            long time = System.currentTimeMillis();
            long sent = System.nanoTime();
            influx.write(database, "autogen", Point.measurement("round_trip").time(time, TimeUnit.MILLISECONDS)
                    .addField("i", i).build());
            Query query = new Query("SELECT \"i\" FROM \"round_trip\" WHERE time = " + time + "ms", database);
            while (!returnsRows(influx.query(query))) {
                if (System.nanoTime() - sent > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException("an InfluxDB point was not queryable within 30 s");
                }
                Thread.sleep(pollMillis);
            }
            if (i >= WARMUP) {
                millis.add((System.nanoTime() - sent) / 1e6);
            }
        }
        return millis;
    }

    private static boolean returnsRows(QueryResult result) {
        return result.getResults().stream().anyMatch(r -> r.getSeries() != null && !r.getSeries().isEmpty());
    }

    /** Prints {@code label: p50 / p95 / max (n)} of millisecond samples, nearest-rank percentiles. */
    static void report(String label, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-62s p50 %8.1f ms   p95 %8.1f ms   max %8.1f ms   (n=%d)%n", label,
                percentile(sorted, 0.50), percentile(sorted, 0.95), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }
}
