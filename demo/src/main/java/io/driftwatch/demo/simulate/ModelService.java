package io.driftwatch.demo.simulate;

import io.driftwatch.events.ModelDeployed;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.trainer.data.LabelledRow;
import io.driftwatch.trainer.registry.Hashing;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.train.ArtifactException;
import io.driftwatch.trainer.train.ArtifactFormats;
import io.driftwatch.trainer.train.ScoringModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The simulated model service: scores every transaction with the current production artifact and
 * hot-swaps to a new one when {@code model-deployments} announces it, as a real service would. The
 * artifact is fetched from the announced URI and used only if its sha256 is the announced one;
 * otherwise the service keeps the version it has and says why.
 */
public final class ModelService implements AutoCloseable {
    private static final EventCodec<ModelDeployed> DEPLOYMENTS = EventCodec.of(ModelDeployed.class);

    /** The model in use and the version it is. */
    public record Deployed(String version, ScoringModel model, ModelDeployed announcement) {}

    private final String modelId;
    private final ModelRegistry registry;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<String> log;
    private final Thread loop;
    private volatile Deployed current;
    private volatile boolean running = true;

    /**
     * @param registry where the artifact's format is recorded (the announcement carries its URI and hash only)
     * @param consumerConfig settings of a consumer of the deployments topic
     * @param log one line per swap or refused artifact
     */
    public ModelService(String modelId, ModelRegistry registry, String deploymentsTopic,
                        Map<String, Object> consumerConfig, Consumer<String> log) {
        this.modelId = modelId;
        this.registry = registry;
        this.log = log;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-model-service-" + modelId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(deploymentsTopic));
        this.loop = new Thread(this::run, "model-service-" + modelId);
        loop.setDaemon(true);
        loop.start();
    }

    /** The model in use, empty until the first deployment is read. */
    public Optional<Deployed> current() {
        return Optional.ofNullable(current);
    }

    /** The score of the positive class for a transaction, with the version that scored it. */
    public Scored score(String eventId, long timestamp, CardTransactions.Transaction transaction) {
        Deployed model = current;
        if (model == null) {
            throw new IllegalStateException("no " + modelId + " version deployed yet");
        }
        // The row's label slot is required by the row type but never read by scoring.
        LabelledRow row = LabelledRow.of(eventId, timestamp, transaction.numeric(), transaction.categorical(), "?");
        return new Scored(model.version(), model.model().score(row), model.model().positiveClass());
    }

    /** A score and the version that produced it. */
    public record Scored(String version, double score, String positiveClass) {}

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
            }
        } catch (WakeupException stopping) {
            // close() wakes the consumer up to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        ModelDeployed deployed;
        try {
            deployed = DEPLOYMENTS.decode(record.value(), WireFormat.AVRO);
        } catch (EventDecodingException e) {
            log.accept("model service: skipping an unreadable deployment at offset " + record.offset() + ": " + e.getMessage());
            return;
        }
        if (!deployed.getModelId().equals(modelId)) {
            return;
        }
        try {
            byte[] artifact = Files.readAllBytes(Path.of(URI.create(deployed.getArtifactUri())));
            String sha256 = Hashing.sha256(artifact);
            if (!sha256.equals(deployed.getArtifactSha256())) {
                log.accept("model service: refusing " + deployed.getNewVersion() + ": artifact sha256 " + sha256
                        + " is not the announced " + deployed.getArtifactSha256() + "; keeping " + versionInUse());
                return;
            }
            String format = registry.version(modelId, deployed.getNewVersion()).map(VersionMetadata::artifact)
                    .map(VersionMetadata.Artifact::format)
                    .orElseThrow(() -> new IllegalStateException("the registry has no " + deployed.getNewVersion()));
            ScoringModel model = ArtifactFormats.read(format, artifact);
            String previous = versionInUse();
            current = new Deployed(deployed.getNewVersion(), model, deployed);
            log.accept("model service: hot-swapped " + modelId + " " + previous + " -> " + deployed.getNewVersion()
                    + " (artifact sha256 " + sha256.substring(0, 12) + "... verified)");
        } catch (IOException | ArtifactException | RuntimeException e) {
            log.accept("model service: cannot load " + deployed.getNewVersion() + " (" + e.getMessage() + "); keeping "
                    + versionInUse());
        }
    }

    private String versionInUse() {
        Deployed model = current;
        return model == null ? "none" : model.version();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        loop.join(10_000);
    }
}
