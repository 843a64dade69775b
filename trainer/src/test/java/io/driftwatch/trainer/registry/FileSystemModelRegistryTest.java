package io.driftwatch.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.events.Baseline;
import io.driftwatch.trainer.data.DataReference;

class FileSystemModelRegistryTest {
    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

    @TempDir
    Path root;

    private VersionMetadata register(FileSystemModelRegistry registry, String artifact) {
        byte[] bytes = artifact.getBytes(StandardCharsets.UTF_8);
        return registry.register("credit", version -> new NewVersion(bytes,
                Baseline.newBuilder().setModelId("credit").setModelVersion(version).setCreatedAt(NOW).setRowCount(1).build(),
                new VersionMetadata("credit", version, Optional.empty(), Optional.of("req-" + version), ModelStatus.CANDIDATE,
                        "trained", NOW, NOW, Optional.empty(),
                        new VersionMetadata.Artifact("artifact", "test", Hashing.sha256(bytes), bytes.length),
                        new VersionMetadata.TrainingData(new DataReference.FileSet(List.of(new DataReference.FileRef("/d.csv", "ab")),
                                Instant.EPOCH, NOW), "cd", 10, 8, 2, NOW),
                        "test", Map.of("tribuo", "4.3.2"), "logistic_regression", Map.of("epochs", "5"), 42,
                        Map.of("auc", 0.8), Optional.empty())));
    }

    @Test
    void versionsAreNumberedAndReadBackWithTheirLineage() throws Exception {
        FileSystemModelRegistry registry = new FileSystemModelRegistry(root);

        VersionMetadata v1 = register(registry, "one");
        VersionMetadata v2 = register(registry, "two");

        assertThat(List.of(v1.version(), v2.version())).containsExactly("v1", "v2");
        VersionMetadata read = registry.version("credit", "v2").orElseThrow();
        assertThat(read).isEqualTo(v2);
        assertThat(read.trainingData().reference()).isInstanceOf(DataReference.FileSet.class);
        assertThat(registry.artifact(read)).isEqualTo("two".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.baseline(read).getModelVersion()).isEqualTo("v2");
        assertThat(registry.versionForRequest("credit", "req-v1")).contains(v1);
        assertThat(registry.models()).containsExactly("credit");
        try (var files = Files.list(root.resolve("models/credit/versions"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v1", "v2");
        }
    }

    @Test
    void promotionArchivesThePreviousProductionVersionAndRollbackReversesIt() {
        FileSystemModelRegistry registry = new FileSystemModelRegistry(root);
        register(registry, "one");
        register(registry, "two");

        registry.promote("credit", "v1", "bootstrap", NOW);
        Promotion promotion = registry.promote("credit", "v2", "better", NOW.plusSeconds(60));

        assertThat(promotion.previous().map(VersionMetadata::version)).contains("v1");
        assertThat(registry.production("credit").map(VersionMetadata::version)).contains("v2");
        assertThat(registry.version("credit", "v1").orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);

        registry.promote("credit", "v1", "rollback from v2", NOW.plusSeconds(120));

        assertThat(registry.production("credit").map(VersionMetadata::version)).contains("v1");
        assertThat(registry.version("credit", "v2").orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);
        assertThat(registry.version("credit", "v1").orElseThrow().statusReason()).isEqualTo("rollback from v2");
    }

    @Test
    void aTamperedArtifactFailsItsChecksum() throws Exception {
        FileSystemModelRegistry registry = new FileSystemModelRegistry(root);
        VersionMetadata v1 = register(registry, "one");
        Files.writeString(root.resolve("models/credit/versions/v1/artifact"), "evil");

        assertThatThrownBy(() -> registry.artifact(v1)).isInstanceOf(CorruptVersionException.class)
                .hasMessageContaining("credit v1").hasMessageContaining("the registry recorded " + v1.artifact().sha256());
    }

    @Test
    void theProductionVersionCannotBeRejectedOrArchivedDirectly() {
        FileSystemModelRegistry registry = new FileSystemModelRegistry(root);
        register(registry, "one");
        registry.promote("credit", "v1", "bootstrap", NOW);

        assertThatThrownBy(() -> registry.setStatus("credit", "v1", ModelStatus.REJECTED, "no", NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in production");
        assertThatThrownBy(() -> registry.promote("credit", "v9", "x", NOW)).hasMessageContaining("no version 'v9'");
    }

    @Test
    void requestRecordsSurviveAndGiveTheLastTrainingTime() {
        FileSystemModelRegistry registry = new FileSystemModelRegistry(root);
        registry.record(new RequestRecord("a/b c", "credit", "v1", RequestOutcome.REJECTED, "not better", Optional.of("v2"),
                Map.of("auc", 0.7), Map.of("auc", 0.71), NOW, NOW, NOW, NOW));
        registry.record(new RequestRecord("other", "credit", "v1", RequestOutcome.NO_DATA, "empty", Optional.empty(),
                Map.of(), Map.of(), NOW, NOW, NOW, NOW.plusSeconds(5)));

        FileSystemModelRegistry reopened = new FileSystemModelRegistry(root);

        assertThat(reopened.request("a/b c").map(RequestRecord::outcome)).contains(RequestOutcome.REJECTED);
        assertThat(reopened.requests("credit")).hasSize(2);
        assertThat(reopened.lastTrainedAt("credit")).contains(NOW);
        assertThat(reopened.request("unknown")).isEmpty();
    }

    @Test
    void unsafeModelIdsNeverBecomePaths() {
        FileSystemModelRegistry registry = new FileSystemModelRegistry(root);

        assertThatThrownBy(() -> registry.versions("../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid model id");
    }
}
