package io.driftwatch.trainer.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.events.RetrainRequest;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.data.DataException;
import io.driftwatch.trainer.data.FileDataReader;
import io.driftwatch.trainer.data.LabelledData;
import io.driftwatch.trainer.data.TopicDataReader;
import io.driftwatch.trainer.deploy.Deployer;
import io.driftwatch.trainer.registry.CorruptVersionException;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.ModelStatus;
import io.driftwatch.trainer.registry.RequestOutcome;
import io.driftwatch.trainer.registry.RequestRecord;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.train.ArtifactException;
import io.driftwatch.trainer.train.ArtifactFormats;
import io.driftwatch.trainer.train.ScoringModel;

/**
 * Handles one retrain request from start to recorded outcome, under the model's registry lock.
 * A request id already recorded is not handled again. Problems of the request itself (unknown
 * model, no or too little data, unusable champion, a training error) become a recorded outcome;
 * infrastructure failures (Kafka, disk) propagate as {@link KafkaException} or
 * {@link UncheckedIOException} so that the caller retries the request: nothing is recorded, and a
 * version already registered for the request is resumed rather than trained again.
 */
@SuppressWarnings("try") // the model lock is held for the whole try block, unused by name
public final class RetrainHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainHandler.class);

    private final TrainerConfig config;
    private final ModelRegistry registry;
    private final TopicDataReader topicData;
    private final TrainingPipeline pipeline;
    private final Deployer deployer;
    private final Clock clock;

    public RetrainHandler(TrainerConfig config, ModelRegistry registry, TopicDataReader topicData,
                          TrainingPipeline pipeline, Deployer deployer, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.topicData = topicData;
        this.pipeline = pipeline;
        this.deployer = deployer;
        this.clock = clock;
    }

    /** The recorded outcome of {@code request}: the earlier one for a duplicate id, else a new one. */
    public RequestRecord handle(RetrainRequest request) {
        Optional<RequestRecord> seen = registry.request(request.getRequestId());
        if (seen.isPresent()) {
            LOG.info("request {} was already handled ({}); skipping the duplicate", request.getRequestId(), seen.get().outcome());
            return seen.get();
        }
        Optional<ModelConfig> model = config.model(request.getModelId());
        if (model.isEmpty()) {
            return record(request, RequestOutcome.UNKNOWN_MODEL, "model '" + request.getModelId()
                    + "' is not configured in the trainer (configured: "
                    + config.models().stream().map(ModelConfig::id).toList() + ")", Optional.empty(), Map.of(), Map.of());
        }
        try (ModelRegistry.Lock lock = registry.lock(request.getModelId())) {
            return handleLocked(request, model.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock model " + request.getModelId() + " in the registry: " + e.getMessage(), e);
        }
    }

    private RequestRecord handleLocked(RetrainRequest request, ModelConfig model) {
        Optional<VersionMetadata> resumed = registry.versionForRequest(model.id(), request.getRequestId());
        if (resumed.isPresent()) {
            LOG.info("request {} already has version {} ({}); resuming", request.getRequestId(), resumed.get().version(),
                    resumed.get().status());
            return decide(request, resumed.get());
        }
        Optional<VersionMetadata> production = registry.production(model.id());
        if (production.isEmpty()) {
            return record(request, RequestOutcome.UNKNOWN_MODEL, "model '" + model.id() + "' has no production version to"
                    + " challenge; register one with 'driftwatch registry bootstrap'", Optional.empty(), Map.of(), Map.of());
        }
        VersionMetadata champion = production.get();
        if (!champion.version().equals(request.getModelVersion())) {
            return record(request, RequestOutcome.SUPERSEDED, "the request is about " + request.getModelVersion() + " but "
                    + champion.version() + " is in production since " + champion.promotedAt().map(Instant::toString).orElse("?"),
                    Optional.empty(), Map.of(), Map.of());
        }
        Optional<Instant> lastTrained = registry.lastTrainedAt(model.id());
        Duration cooldown = config.service().cooldown();
        if (lastTrained.isPresent() && lastTrained.get().plus(cooldown).isAfter(clock.instant())) {
            return record(request, RequestOutcome.COOLDOWN, "last trained at " + lastTrained.get() + "; cooldown " + cooldown
                    + " lasts until " + lastTrained.get().plus(cooldown), Optional.empty(), Map.of(), Map.of());
        }
        ScoringModel championModel;
        try {
            championModel = ArtifactFormats.read(champion.artifact().format(), registry.artifact(champion));
        } catch (CorruptVersionException | ArtifactException e) {
            return record(request, RequestOutcome.CHAMPION_UNUSABLE, e.getMessage(), Optional.empty(), Map.of(), Map.of());
        }
        try {
            LabelledData data = read(model, request);
            TrainingPipeline.Trained trained = pipeline.train(model, data,
                    Optional.of(new TrainingPipeline.Champion(champion, championModel)), Optional.of(request.getRequestId()));
            return decide(request, trained.version());
        } catch (DataException e) {
            RequestOutcome outcome = switch (e.problem()) {
                case EMPTY -> RequestOutcome.NO_DATA;
                case TOO_LITTLE -> RequestOutcome.INSUFFICIENT_DATA;
                case INVALID -> RequestOutcome.INVALID_DATA;
            };
            return record(request, outcome, e.getMessage(), Optional.empty(), Map.of(), Map.of());
        } catch (KafkaException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("training {} for request {} failed", model.id(), request.getRequestId(), e);
            return record(request, RequestOutcome.FAILED, "training failed: " + e, Optional.empty(), Map.of(), Map.of());
        }
    }

    private LabelledData read(ModelConfig model, RetrainRequest request) throws DataException {
        if (model.data().source() == ModelConfig.Source.FILES) {
            return new FileDataReader(model.data()).read(model.data().files(), Optional.of(request.getDataFrom()),
                    Optional.of(request.getDataTo()));
        }
        return topicData.read(model.id(), request.getDataFrom(), request.getDataTo());
    }

    /** Deploys or rejects the challenger as its comparison says, and records the outcome. */
    private RequestRecord decide(RetrainRequest request, VersionMetadata challenger) {
        VersionMetadata.Comparison comparison = challenger.comparison().orElseThrow(
                () -> new IllegalStateException(challenger.version() + " has no comparison with a champion"));
        boolean deploy = switch (challenger.status()) {
            case CANDIDATE -> comparison.challengerWins();
            case PRODUCTION, ARCHIVED -> true;
            case REJECTED -> false;
        };
        if (!deploy) {
            if (challenger.status() != ModelStatus.REJECTED) {
                registry.setStatus(challenger.modelId(), challenger.version(), ModelStatus.REJECTED, comparison.verdict(),
                        clock.instant());
            }
            return record(request, RequestOutcome.REJECTED, comparison.verdict(), Optional.of(challenger.version()),
                    challenger.metrics(), comparison.championMetrics());
        }
        if (challenger.status() != ModelStatus.ARCHIVED) {
            try {
                deployer.deploy(challenger, "retrain request " + request.getRequestId() + ": " + comparison.verdict());
            } catch (CorruptVersionException e) {
                return record(request, RequestOutcome.FAILED, "the challenger just registered is unreadable: " + e.getMessage(),
                        Optional.of(challenger.version()), challenger.metrics(), comparison.championMetrics());
            }
        }
        return record(request, RequestOutcome.DEPLOYED, comparison.verdict(), Optional.of(challenger.version()),
                challenger.metrics(), comparison.championMetrics());
    }

    private RequestRecord record(RetrainRequest request, RequestOutcome outcome, String reason, Optional<String> version,
                                 Map<String, Double> challengerMetrics, Map<String, Double> championMetrics) {
        RequestRecord record = new RequestRecord(request.getRequestId(), request.getModelId(), request.getModelVersion(),
                outcome, reason, version, challengerMetrics, championMetrics, request.getDataFrom(), request.getDataTo(),
                request.getRequestedAt(), clock.instant());
        registry.record(record);
        return record;
    }
}
