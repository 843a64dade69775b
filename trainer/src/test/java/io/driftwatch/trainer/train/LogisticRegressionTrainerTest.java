package io.driftwatch.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;

import io.driftwatch.trainer.TestData;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.data.LabelledRow;
import io.driftwatch.trainer.evaluate.BinaryMetrics;
import io.driftwatch.trainer.registry.Hashing;

class LogisticRegressionTrainerTest {
    private static final List<LabelledRow> ROWS = TestData.rows(TestData.Concept.BEFORE_DRIFT, 1500, TestData.T0, 1);

    private static LogisticRegressionTrainer trainer(long seed) {
        return new LogisticRegressionTrainer(new ModelConfig.Training(null, 5, null, null, seed));
    }

    @Test
    void sameRowsAndSeedGiveTheSameArtifactBitForBit() {
        byte[] first = trainer(7).train(ROWS, "1").toArtifact();
        byte[] second = trainer(7).train(ROWS, "1").toArtifact();

        assertThat(Hashing.sha256(second)).isEqualTo(Hashing.sha256(first));
        assertThat(new String(first, StandardCharsets.UTF_8)).doesNotContain("2026").doesNotContain("host");
    }

    @Test
    void theSeedShapesTheModel() {
        assertThat(trainer(7).train(ROWS, "1").toArtifact()).isNotEqualTo(trainer(8).train(ROWS, "1").toArtifact());
    }

    @Test
    void canonicalModelScoresExactlyAsTribuoPredicts() {
        LogisticRegressionTrainer trainer = trainer(7);
        FeatureEncoding encoding = FeatureEncoding.fit(ROWS);
        LinearSGDModel tribuo = trainer.fit(ROWS, encoding);
        LinearModel canonical = trainer.train(ROWS, "1");

        for (LabelledRow row : ROWS.subList(0, 200)) {
            double expected = tribuo.predict(new ArrayExample<>(new Label("?"), encoding.dimensionNames().toArray(String[]::new),
                    encoding.encode(row))).getOutputScores().get("1").getScore();
            // Same weights, same arithmetic order up to the softmax's max shift: rounding only.
            assertThat(canonical.score(row)).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void artifactReadsBackToTheSameModel() throws ArtifactException {
        LinearModel model = trainer(7).train(ROWS, "1");

        ScoringModel read = ArtifactFormats.read(LinearModel.FORMAT, model.toArtifact());

        assertThat(read.toArtifact()).isEqualTo(model.toArtifact());
        assertThat(read.score(ROWS.get(3))).isEqualTo(model.score(ROWS.get(3)));
    }

    @Test
    void learnsTheConceptWellAboveChance() {
        List<LabelledRow> later = TestData.rows(TestData.Concept.BEFORE_DRIFT, 500, TestData.T0, 2);

        assertThat(BinaryMetrics.of(trainer(7).train(ROWS, "1"), later).get("auc")).isGreaterThan(0.75);
    }

    @Test
    void corruptOrUnknownArtifactsAreRefusedWithAReason() {
        assertThatThrownBy(() -> ArtifactFormats.read(LinearModel.FORMAT, "{\"format\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("not a readable driftwatch-linear-v1 artifact");
        assertThatThrownBy(() -> ArtifactFormats.read("onnx", new byte[1]))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("unknown artifact format 'onnx'");
    }
}
