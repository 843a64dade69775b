package io.driftwatch.demo.observe;

import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stack's output topics from their beginning as they are committed ({@code read_committed}:
 * the job's alerts and retrain requests are transactional) and hands each record to the recorder.
 */
public final class TopicWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWatcher.class);
    private static final EventCodec<DriftAlert> ALERTS = EventCodec.of(DriftAlert.class);
    private static final EventCodec<RetrainRequest> REQUESTS = EventCodec.of(RetrainRequest.class);
    private static final EventCodec<ModelDeployed> DEPLOYMENTS = EventCodec.of(ModelDeployed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RunRecorder recorder;
    private final String alertsTopic;
    private final String requestsTopic;
    private final String deploymentsTopic;
    private final Thread loop;
    private volatile boolean running = true;

    public TopicWatcher(Map<String, Object> consumerConfig, RunRecorder recorder, String alertsTopic,
                        String requestsTopic, String deploymentsTopic) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config);
        this.recorder = recorder;
        this.alertsTopic = alertsTopic;
        this.requestsTopic = requestsTopic;
        this.deploymentsTopic = deploymentsTopic;
        List<TopicPartition> partitions = List.of(alertsTopic, requestsTopic, deploymentsTopic)
                .stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.loop = new Thread(this::run, "topic-watcher");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        try {
            while (running) {
                // Records of the three topics in one poll, in the order they were written.
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
                records.forEach(this::handle);
            }
        } catch (WakeupException stopping) {
            // close() wakes the consumer up to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(alertsTopic)) {
                recorder.alert(ALERTS.decode(record.value(), WireFormat.AVRO));
            } else if (record.topic().equals(requestsTopic)) {
                recorder.retrainRequest(REQUESTS.decode(record.value(), WireFormat.AVRO));
            } else if (record.topic().equals(deploymentsTopic)) {
                recorder.deployment(DEPLOYMENTS.decode(record.value(), WireFormat.AVRO));
            }
        } catch (EventDecodingException e) {
            LOG.warn("skipping an unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        loop.join(10_000);
    }
}
