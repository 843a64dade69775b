package io.driftwatch.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.calibration.MonitoredMetric;
import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.trainer.KafkaTopics;
import io.driftwatch.trainer.TestData;
import io.driftwatch.trainer.TestData.Concept;
import io.driftwatch.trainer.config.ConfigLoader;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.data.DataReference;
import io.driftwatch.trainer.data.LabelledData;
import io.driftwatch.trainer.data.LabelledRow;
import io.driftwatch.trainer.data.TimeSplit;
import io.driftwatch.trainer.data.TopicDataReader;
import io.driftwatch.trainer.deploy.Deployer;
import io.driftwatch.trainer.deploy.DeploymentPublisher;
import io.driftwatch.trainer.registry.FileSystemModelRegistry;
import io.driftwatch.trainer.registry.Hashing;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.ModelStatus;
import io.driftwatch.trainer.registry.RequestOutcome;
import io.driftwatch.trainer.registry.RequestRecord;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.train.ModelTrainers;

/**
 * The trainer service against a real in-JVM KRaft broker: every model gets a v1 bootstrapped from a
 * CSV file (pre-drift concept), labelled examples go on the topic, then one batch of retrain
 * requests — bad ones first — is consumed by the running service. Each test asserts one outcome.
 */
class TrainerServiceTest {
    private static final Instant FRESH = TestData.T0.plus(Duration.ofDays(1));
    private static final List<String> MODELS = List.of("credit", "stable", "twice", "cool", "empty", "sparse", "fragile");

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static TrainerConfig config;
    private static ModelRegistry registry;
    private static TrainerService service;

    @BeforeAll
    static void retrainAllModels() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        broker.createTopics("retrain-requests", "labelled-examples", "model-deployments");
        broker.createCompactedTopics("baselines");
        config = new ConfigLoader(name -> null).parse("""
                kafka: {bootstrap_servers: "%s", group_id: trainer-test}
                registry: {path: "%s"}
                service: {cooldown: 1h, retry_backoff: 200ms, max_retry_backoff: 1s, read_timeout: 30s}
                models:
                %s
                """.formatted(broker.bootstrapServers(), dir.resolve("registry"), MODELS.stream().map(id -> """
                  - id: %s
                    positive_class: "1"
                    evaluation: {metric: auc, min_improvement: %s}
                    training: {epochs: 5, seed: 42}
                    data: {timestamp_column: timestamp}
                %s""".formatted(id, id.equals("stable") ? "0.05" : "0.005",
                        id.equals("credit") ? "    drift_calibration: {events_per_window: 100, seed: 3}\n" : ""))
                .collect(Collectors.joining())));
        registry = new FileSystemModelRegistry(config.registry().path());

        Path v1Data = TestData.csv(dir.resolve("v1.csv"), TestData.rows(Concept.BEFORE_DRIFT, 1500, TestData.T0, 100));
        try (DeploymentPublisher publisher = publisher()) {
            Bootstrap bootstrap = new Bootstrap(registry, new Deployer(registry, publisher, Clock.systemUTC()), Clock.systemUTC());
            for (String model : MODELS) {
                bootstrap.run(config.model(model).orElseThrow(), List.of(v1Data));
            }
        }
        Files.writeString(dir.resolve("registry/models/fragile/versions/v1/artifact"), "{\"truncated");

        produceExamples("credit", TestData.rows(Concept.AFTER_DRIFT, 1500, FRESH, 1));
        for (String model : List.of("stable", "twice", "cool", "fragile")) {
            produceExamples(model, TestData.rows(Concept.BEFORE_DRIFT, 1500, FRESH, 2));
        }
        produceExamples("sparse", TestData.rows(Concept.AFTER_DRIFT, 40, FRESH, 3));

        service = new TrainerService(config, Clock.systemUTC()).start();
        Instant to = FRESH.plus(Duration.ofDays(2));
        send("ghost-1", "ghost", FRESH, to);
        send("empty-1", "empty", Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z"));
        send("sparse-1", "sparse", FRESH, to);
        send("fragile-1", "fragile", FRESH, to);
        send("credit-1", "credit", FRESH, to);
        send("stable-1", "stable", FRESH, to);
        send("twice-1", "twice", FRESH, to);
        send("twice-1", "twice", FRESH, to);
        send("cool-1", "cool", FRESH, to);
        send("cool-2", "cool", FRESH, to);
        send("marker", "ghost", FRESH, to);
        awaitRecorded("marker");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static DeploymentPublisher publisher() {
        return new DeploymentPublisher(config.kafka().clientProperties(), "baselines", "model-deployments", Duration.ofSeconds(30));
    }

    private static void produceExamples(String model, List<LabelledRow> rows) {
        List<LabelledExample> examples = rows.stream().map(r -> TestData.example(model, r)).toList();
        KafkaTopics.produce(broker, "labelled-examples", LabelledExample.class, examples,
                examples.stream().map(e -> model).toList(),
                examples.stream().map(e -> e.getLabelledAt().toEpochMilli()).toList());
    }

    private static void send(String id, String model, Instant from, Instant to) {
        RetrainRequest request = RetrainRequest.newBuilder().setRequestId(id).setModelId(model).setModelVersion("v1")
                .setReason("3 of 3 features drifting").setDriftedFeatures(List.of("utilisation"))
                .setEvidenceWindowStart(to.minus(Duration.ofHours(1))).setEvidenceWindowEnd(to)
                .setDataFrom(from).setDataTo(to).setRequestedAt(Instant.now()).build();
        KafkaTopics.produce(broker, "retrain-requests", RetrainRequest.class, List.of(request), List.of(model),
                List.of(System.currentTimeMillis()));
    }

    private static void awaitRecorded(String requestId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (registry.request(requestId).isEmpty()) {
            assertThat(Instant.now()).as("request %s recorded in time", requestId).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static RequestRecord outcome(String requestId) {
        return registry.request(requestId).orElseThrow();
    }

    private static List<String> deployedVersions(String model) {
        return KafkaTopics.readAll(broker, "model-deployments", ModelDeployed.class).stream()
                .filter(e -> e.getKey().equals(model)).map(e -> e.getValue().getNewVersion().toString()).toList();
    }

    @Test
    void driftedModelIsRetrainedOnFreshDataAndDeployed() {
        RequestRecord record = outcome("credit-1");

        assertThat(record.outcome()).as(record.reason()).isEqualTo(RequestOutcome.DEPLOYED);
        assertThat(record.challengerMetrics().get("auc")).isGreaterThan(record.championMetrics().get("auc") + 0.1);
        assertThat(registry.production("credit").map(VersionMetadata::version)).contains("v2");
        assertThat(registry.version("credit", "v1").orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);
    }

    @Test
    void deployedVersionCarriesItsFullLineage() {
        VersionMetadata v2 = registry.version("credit", "v2").orElseThrow();

        assertThat(v2.parentVersion()).contains("v1");
        assertThat(v2.requestId()).contains("credit-1");
        assertThat(v2.trainer()).isEqualTo("logistic_regression");
        assertThat(v2.seed()).isEqualTo(42);
        assertThat(v2.hyperParameters()).containsEntry("epochs", "5");
        assertThat(v2.libraryVersions()).containsEntry("tribuo", "4.3.2");
        assertThat(v2.codeVersion()).startsWith("driftwatch-trainer ");
        assertThat(v2.trainingData().rows()).isEqualTo(1500);
        assertThat(v2.trainingData().evaluationRows()).isEqualTo(300);
        DataReference.TopicRange range = (DataReference.TopicRange) v2.trainingData().reference();
        assertThat(range.topic()).isEqualTo("labelled-examples");
        assertThat(range.modelId()).isEqualTo("credit");
        assertThat(range.partitions()).singleElement().satisfies(p -> assertThat(p.untilOffset()).isGreaterThan(p.fromOffset()));
        assertThat(v2.comparison().orElseThrow().championVersion()).isEqualTo("v1");
    }

    @Test
    void deploymentAndNewBaselineArePublished() throws Exception {
        VersionMetadata v2 = registry.version("credit", "v2").orElseThrow();

        ModelDeployed deployed = KafkaTopics.readAll(broker, "model-deployments", ModelDeployed.class).stream()
                .filter(e -> e.getKey().equals("credit") && e.getValue().getNewVersion().equals("v2"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(deployed.getPreviousVersion()).isEqualTo("v1");
        assertThat(deployed.getArtifactSha256()).isEqualTo(v2.artifact().sha256());
        assertThat(Hashing.sha256(Path.of(java.net.URI.create(deployed.getArtifactUri())))).isEqualTo(v2.artifact().sha256());
        assertThat(deployed.getEvaluationMetrics()).isEqualTo(v2.metrics());

        Baseline baseline = KafkaTopics.readAll(broker, "baselines", Baseline.class).stream()
                .filter(e -> e.getKey().equals("credit/v2")).map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(baseline.getRowCount()).isEqualTo(1200);
        assertThat(baseline.getNumericFeatures()).extracting(f -> f.getName().toString()).containsExactly("income", "utilisation");
        assertThat(baseline.getCategoricalFeatures()).extracting(f -> f.getName().toString()).containsExactly("country");
        assertThat(baseline.getPredictionScore()).isNotNull();
        assertThat(baseline.getPredictedClass().getFrequencies()).containsKeys("0", "1");
        assertThat(baseline.getEvaluationMetrics()).isEqualTo(v2.metrics());
        // CBPE's calibration map, fitted on the evaluation hold-out: one rate per bin, every row in a bin.
        assertThat(baseline.getPerformanceCalibration().getPositiveClass()).isEqualTo("1");
        assertThat(baseline.getPerformanceCalibration().getPositiveRates()).isNotEmpty()
                .allSatisfy(rate -> assertThat(rate).isBetween(0.0, 1.0));
        assertThat(baseline.getPerformanceCalibration().getHoldOutRows()).isEqualTo((long) v2.trainingData().evaluationRows());

        // drift_calibration: {events_per_window: 100, seed: 3} — thresholds the drift job's lookup reads.
        BaselineCalibration calibration = baseline.getCalibration();
        assertThat(calibration.getEventsPerWindow()).isEqualTo(100);
        assertThat(calibration.getSeed()).isEqualTo(3);
        // income, utilisation and the score × (psi, ks_d, wasserstein) + country and the class × (psi, js)
        assertThat(calibration.getSeries()).isEqualTo(13);
        CalibratedThresholds lookup = CalibratedThresholds.of(baseline);
        assertThat(lookup.forWindow("income", MonitoredMetric.KS_D, 100).provenance())
                .isEqualTo(CalibratedThresholds.Provenance.CALIBRATED);
        assertThat(lookup.forWindow(baseline.getPredictionScore().getName(), MonitoredMetric.PSI, 100).provenance())
                .isEqualTo(CalibratedThresholds.Provenance.CALIBRATED);
    }

    @Test
    void retrainingFromTheRecordedDataReferenceReproducesTheArtifactBitForBit() {
        VersionMetadata v2 = registry.version("credit", "v2").orElseThrow();
        DataReference.TopicRange range = (DataReference.TopicRange) v2.trainingData().reference();

        LabelledData again = new TopicDataReader(config.kafka().clientProperties(), range.topic(), Duration.ofDays(7),
                Duration.ofSeconds(30)).read(range.modelId(), range.from(), range.to());
        TimeSplit split = TimeSplit.of(again, config.model("credit").orElseThrow().evaluation().fraction());
        byte[] artifact = ModelTrainers.create(config.model("credit").orElseThrow().training())
                .train(split.training(), "1").toArtifact();

        assertThat(again.sha256()).isEqualTo(v2.trainingData().sha256());
        assertThat(again.reference()).isEqualTo(range);
        assertThat(Hashing.sha256(artifact)).isEqualTo(v2.artifact().sha256());
    }

    @Test
    void challengerThatIsNotBetterByTheMarginIsRejectedWithItsReason() {
        RequestRecord record = outcome("stable-1");

        assertThat(record.outcome()).isEqualTo(RequestOutcome.REJECTED);
        assertThat(record.reason()).startsWith("challenger not better by the margin: auc");
        VersionMetadata v2 = registry.version("stable", "v2").orElseThrow();
        assertThat(v2.status()).isEqualTo(ModelStatus.REJECTED);
        assertThat(v2.statusReason()).isEqualTo(record.reason());
        assertThat(v2.metrics()).containsKeys("auc", "accuracy", "log_loss");
        assertThat(registry.production("stable").map(VersionMetadata::version)).contains("v1");
        assertThat(deployedVersions("stable")).containsExactly("v1");
    }

    @Test
    void duplicateRequestIdIsTrainedOnce() {
        assertThat(registry.versions("twice")).extracting(VersionMetadata::version).containsExactly("v1", "v2");
        assertThat(registry.requests("twice")).extracting(RequestRecord::requestId).containsExactly("twice-1");
    }

    @Test
    void secondRequestWithinTheCooldownIsNotTrained() {
        RequestRecord record = outcome("cool-2");

        assertThat(outcome("cool-1").trained()).isTrue();
        assertThat(record.outcome()).isEqualTo(RequestOutcome.COOLDOWN);
        assertThat(record.reason()).contains("cooldown PT1H");
        assertThat(registry.versions("cool")).hasSize(2);
    }

    @Test
    void unknownModelIsRecordedAndNothingDeployed() {
        RequestRecord record = outcome("ghost-1");

        assertThat(record.outcome()).isEqualTo(RequestOutcome.UNKNOWN_MODEL);
        assertThat(record.reason()).contains("'ghost' is not configured");
        assertThat(deployedVersions("ghost")).isEmpty();
    }

    @Test
    void emptyDataRangeIsRecordedAsNoData() {
        RequestRecord record = outcome("empty-1");

        assertThat(record.outcome()).isEqualTo(RequestOutcome.NO_DATA);
        assertThat(record.reason()).contains("no labelled examples").contains("2025-01-01");
        assertThat(registry.versions("empty")).hasSize(1);
    }

    @Test
    void tooLittleDataIsRecordedWithTheCounts() {
        RequestRecord record = outcome("sparse-1");

        assertThat(record.outcome()).isEqualTo(RequestOutcome.INSUFFICIENT_DATA);
        assertThat(record.reason()).isEqualTo("32 training and 8 evaluation rows; at least 200 and 50 are required");
        assertThat(registry.production("sparse").map(VersionMetadata::version)).contains("v1");
    }

    @Test
    void corruptChampionArtifactStopsTheRequestWithoutDeployment() {
        RequestRecord record = outcome("fragile-1");

        assertThat(record.outcome()).isEqualTo(RequestOutcome.CHAMPION_UNUSABLE);
        assertThat(record.reason()).contains("fragile v1").contains("sha256");
        assertThat(registry.versions("fragile")).hasSize(1);
        assertThat(deployedVersions("fragile")).containsExactly("v1");
    }

    @Test
    void offsetsAreCommittedUpToTheLastHandledRequest() throws Exception {
        TopicPartition requests = new TopicPartition("retrain-requests", 0);
        try (Admin admin = Admin.create(broker.adminConfig())) {
            long end = admin.listOffsets(Map.of(requests, OffsetSpec.latest())).partitionResult(requests).get().offset();
            Instant deadline = Instant.now().plusSeconds(10);
            long committed;
            do {
                OffsetAndMetadata offset = admin.listConsumerGroupOffsets("trainer-test").partitionsToOffsetAndMetadata()
                        .get().get(requests);
                committed = offset == null ? -1 : offset.offset();
            } while (committed < end && Instant.now().isBefore(deadline) && sleep());

            assertThat(committed).isEqualTo(end);
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
