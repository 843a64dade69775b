package io.driftwatch.trainer.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;

/**
 * Publishes deployments: the version's Baseline on the compacted {@code baselines} topic (key
 * {@code model/version}) and ModelDeployed on {@code model-deployments} (key model id), both as
 * single-object Avro. Idempotent producer with acks=all; each send waits for its acknowledgement,
 * so a failure surfaces as a {@link KafkaException} before anything is recorded as done.
 */
public final class DeploymentPublisher implements AutoCloseable {
    private static final EventCodec<Baseline> BASELINES = EventCodec.of(Baseline.class);
    private static final EventCodec<ModelDeployed> DEPLOYMENTS = EventCodec.of(ModelDeployed.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String baselinesTopic;
    private final String deploymentsTopic;
    private final Duration sendTimeout;

    public DeploymentPublisher(Map<String, Object> clientProperties, String baselinesTopic, String deploymentsTopic,
                               Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms, so a request gets half of it at most.
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, sendTimeout.toMillis() / 2));
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        this.producer = new KafkaProducer<>(config);
        this.baselinesTopic = baselinesTopic;
        this.deploymentsTopic = deploymentsTopic;
        this.sendTimeout = sendTimeout;
    }

    public void publishBaseline(Baseline baseline) {
        String key = baseline.getModelId() + "/" + baseline.getModelVersion();
        send(baselinesTopic, key, BASELINES.encode(baseline, WireFormat.AVRO));
    }

    public void publishDeployment(ModelDeployed deployed) {
        send(deploymentsTopic, deployed.getModelId(), DEPLOYMENTS.encode(deployed, WireFormat.AVRO));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(sendTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("publishing " + key + " to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("publishing " + key + " to " + topic + " was not acknowledged within " + sendTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing " + key + " to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
