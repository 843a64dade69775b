package io.driftwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.trainer.KafkaTopics;
import io.driftwatch.trainer.TestData;
import io.driftwatch.trainer.config.ConfigLoader;
import io.driftwatch.trainer.data.FileDataReader;
import io.driftwatch.trainer.registry.FileSystemModelRegistry;
import io.driftwatch.trainer.registry.ModelStatus;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.service.TrainingPipeline;
import picocli.CommandLine;

/** {@code registry bootstrap|list|show|promote|rollback} through picocli, deploying to a real broker. */
class RegistryCommandTest {
    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Path config;
    private static FileSystemModelRegistry registry;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        broker.createTopics("model-deployments");
        broker.createCompactedTopics("baselines");
        config = Files.writeString(dir.resolve("trainer.yaml"), """
                kafka: {bootstrap_servers: "%s"}
                registry: {path: "%s"}
                models:
                  - id: credit
                    positive_class: "1"
                    training: {epochs: 3}
                """.formatted(broker.bootstrapServers(), dir.resolve("registry")));
        registry = new FileSystemModelRegistry(dir.resolve("registry"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RegistryCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    @Test
    void bootstrapPromoteAndRollbackMoveProductionAndPublishEachDeployment() throws Exception {
        Path csv = TestData.csv(dir.resolve("credit.csv"), TestData.rows(TestData.Concept.BEFORE_DRIFT, 600, TestData.T0, 5));

        assertThat(run("bootstrap", "credit", "--config", config.toString(), "--data", csv.toString()))
                .startsWith("credit v1 trained on 600 rows and deployed");
        var model = new ConfigLoader(name -> null).load(config).model("credit").orElseThrow();
        new TrainingPipeline(registry, Clock.systemUTC()).train(model,
                new FileDataReader(model.data()).read(List.of(csv), Optional.empty(), Optional.empty()),
                Optional.empty(), Optional.empty());

        assertThat(run("promote", "credit", "v2", "--config", config.toString())).contains("credit v2 is in production");
        assertThat(registry.version("credit", "v1").orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);

        assertThat(run("rollback", "credit", "--config", config.toString())).contains("rolled back from v2 to v1");
        assertThat(registry.production("credit").map(VersionMetadata::version)).contains("v1");
        assertThat(registry.version("credit", "v2").orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);

        List<ModelDeployed> deployments = KafkaTopics.readAll(broker, "model-deployments", ModelDeployed.class).stream()
                .map(java.util.Map.Entry::getValue).toList();
        assertThat(deployments).extracting(d -> d.getNewVersion() + "<-" + d.getPreviousVersion())
                .containsExactly("v1<-null", "v2<-v1", "v1<-v2");

        String listing = run("list", "--config", config.toString());
        assertThat(listing).contains("credit").containsPattern("v1\\s+PRODUCTION").containsPattern("v2\\s+ARCHIVED");
        assertThat(run("show", "credit", "--config", config.toString())).contains("\"version\" : \"v1\"")
                .contains("\"status_reason\" : \"rollback from v2\"").contains("\"sha256\"");
    }

    @Test
    void unknownVersionFailsWithAClearMessage() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RegistryCommand()).setErr(new PrintWriter(err))
                .execute("show", "nope", "v7", "--config", config.toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("no version v7 of model 'nope'");
    }
}
