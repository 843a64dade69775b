package io.driftwatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void producedRecordsAreConsumedFromAFreshTopicWithoutTheProbe() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
            kafka.createTopics("events");

            produce(kafka, "events", "a", "b", "c");

            assertThat(consume(kafka, "events", "reader", 3)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void compactedTopicIsCreatedWithCompactPolicy() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start();
             Admin admin = Admin.create(kafka.adminConfig())) {
            kafka.createCompactedTopics("state-log");

            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "state-log");
            ConfigEntry policy = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS)
                    .get(topic).get(TopicConfig.CLEANUP_POLICY_CONFIG);

            assertThat(policy.value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void restartOnAFixedPortKeepsTopicsRecordsAndCommittedOffsets() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().fixedPort(freePort()).build().start()) {
            kafka.createTopics("events");
            produce(kafka, "events", "before-1", "before-2");
            assertThat(consume(kafka, "events", "reader", 2)).containsExactly("before-1", "before-2");
            String address = kafka.bootstrapServers();

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            produce(kafka, "events", "after");
            assertThat(consume(kafka, "events", "reader", 1)).containsExactly("after");
        }
    }

    private static void produce(EmbeddedKafkaBroker kafka, String topic, String... values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads with a committing consumer group until {@code count} values came or 30 s passed. */
    private static List<String> consume(EmbeddedKafkaBroker kafka, String topic, String group, int count) {
        Map<String, Object> config = kafka.consumerConfig(group);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
            consumer.commitSync();
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
