package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden values from scikit-learn's documented examples (docstrings of the named functions, 1.5) and
 * from hand computation; tolerance 1e-9 (floating point only) unless the value comes from a histogram.
 */
class ClassificationMetricsTest {
    private static final double EXACT = 1e-9;

    private static BinaryClassification binary(int[] actual, int[] predicted, double[] scores) {
        BinaryClassification window = new BinaryClassification();
        for (int i = 0; i < actual.length; i++) {
            window.add(actual[i] == 1, predicted[i] == 1, scores == null ? null : scores[i]);
        }
        return window;
    }

    @Test
    void rocAucMatchesScikitLearnsDocumentedExample() {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75; the four scores fall in four
        // different bins, so the histogram is exact and its error bound is 0.
        BinaryClassification window = binary(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1},
                new double[] {0.1, 0.4, 0.35, 0.8});
        assertThat(window.metrics().auc()).isCloseTo(0.75, within(EXACT));
        assertThat(window.metrics().aucErrorBound()).isZero();
    }

    @Test
    void aucOfTiedScoresCountsTheTieHalfAndStatesTheBound() {
        // Positive 0.501 and negative 0.505 share a bin: exact AUC 0 (the negative is higher), the
        // histogram counts the pair half (0.5) and bounds its error by 0.5, which holds.
        BinaryClassification window = binary(new int[] {1, 0}, new int[] {1, 1}, new double[] {0.501, 0.505});
        assertThat(window.metrics().auc()).isCloseTo(0.5, within(EXACT));
        assertThat(window.metrics().aucErrorBound()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void binaryConfusionMetricsMatchHandComputation() {
        // TP 2, FP 1, FN 1, TN 2: accuracy 4/6, precision 2/3, recall 2/3, F1 2/3.
        PerformanceMetrics m = binary(new int[] {1, 1, 1, 0, 0, 0}, new int[] {1, 1, 0, 1, 0, 0}, null).metrics();
        assertThat(m.accuracy()).isCloseTo(4 / 6.0, within(EXACT));
        assertThat(m.precision()).isCloseTo(2 / 3.0, within(EXACT));
        assertThat(m.recall()).isCloseTo(2 / 3.0, within(EXACT));
        assertThat(m.f1()).isCloseTo(2 / 3.0, within(EXACT));
        assertThat(m.logLoss()).isNaN();
        assertThat(m.auc()).isNaN();
        assertThat(m.labelled()).isEqualTo(6);
    }

    @Test
    void binaryLogLossMatchesScikitLearnsDocumentedExample() {
        // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) == 0.21616...
        // with spam as the positive class: P(spam) = .9, .1, .2, .65.
        BinaryClassification window = binary(new int[] {1, 0, 0, 1}, new int[] {1, 0, 0, 1},
                new double[] {0.9, 0.1, 0.2, 0.65});
        assertThat(window.metrics().logLoss()).isCloseTo(0.21616187468057912, within(EXACT));
    }

    @Test
    void oneClassOnlyWindowHasAccuracyButNoAucAndNoPrecision() {
        // Every label negative and every prediction negative: accuracy 1; AUC needs both classes,
        // precision and recall have zero denominators: undefined, not 0 or 1.
        PerformanceMetrics m = binary(new int[] {0, 0, 0}, new int[] {0, 0, 0}, new double[] {0.1, 0.2, 0.3})
                .metrics();
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.auc()).isNaN();
        assertThat(m.aucErrorBound()).isNaN();
        assertThat(m.precision()).isNaN();
        assertThat(m.recall()).isNaN();
        assertThat(m.f1()).isNaN();
    }

    @Test
    void windowWithoutLabelsHasNoMetrics() {
        assertThat(new RealizedPerformance().metrics()).isEqualTo(PerformanceMetrics.NONE);
        assertThat(new MulticlassClassification().metrics().accuracy()).isNaN();
        assertThat(new RegressionErrors().metrics().mae()).isNaN();
    }

    @Test
    void scoresOutsideTheUnitIntervalOnlyCountInTheConfusionMatrix() {
        PerformanceMetrics m = binary(new int[] {1, 0}, new int[] {1, 0}, new double[] {3.2, -1}).metrics();
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.logLoss()).isNaN();
        assertThat(m.ece()).isNaN();
    }

    @Test
    void expectedCalibrationErrorMatchesHandComputation() {
        // Bin [0.8, 0.9): scores 0.8, 0.8, labels 1, 0 → |1 − 1.6| = 0.6; bin [0.2, 0.3): 0.2, 0.2, labels
        // 0, 0 → |0 − 0.4| = 0.4. ECE = (0.6 + 0.4) / 4 = 0.25.
        BinaryClassification window = binary(new int[] {1, 0, 0, 0}, new int[] {1, 1, 0, 0},
                new double[] {0.8, 0.8, 0.2, 0.2});
        assertThat(window.metrics().ece()).isCloseTo(0.25, within(EXACT));
    }

    @Test
    void perfectlyCalibratedScoresHaveZeroEce() {
        BinaryClassification window = new BinaryClassification();
        for (int i = 0; i < 10; i++) {
            window.add(i < 3, false, 0.3);
        }
        assertThat(window.metrics().ece()).isCloseTo(0.0, within(EXACT));
    }

    @Test
    void macroMetricsMatchScikitLearnsDocumentedExample() {
        // precision_recall_fscore_support(y_true=['cat','dog','pig','cat','dog','pig'],
        //   y_pred=['cat','pig','dog','cat','cat','dog'], average='macro') == (0.222..., 0.333..., 0.266...)
        String[] actual = {"cat", "dog", "pig", "cat", "dog", "pig"};
        String[] predicted = {"cat", "pig", "dog", "cat", "cat", "dog"};
        MulticlassClassification window = new MulticlassClassification();
        for (int i = 0; i < actual.length; i++) {
            window.add(actual[i], predicted[i], Map.of());
        }
        PerformanceMetrics m = window.metrics();
        assertThat(m.precision()).isCloseTo(2 / 9.0, within(EXACT));
        assertThat(m.recall()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(m.f1()).isCloseTo(4 / 15.0, within(EXACT));
        assertThat(m.accuracy()).isCloseTo(2 / 6.0, within(EXACT));
        assertThat(m.logLoss()).isNaN();
    }

    @Test
    void multiclassLogLossAucAndTopLabelEceMatchHandComputation() {
        // Three classes, three examples, each listing all probabilities.
        MulticlassClassification window = new MulticlassClassification();
        window.add("a", "a", Map.of("a", 0.7, "b", 0.2, "c", 0.1));
        window.add("b", "a", Map.of("a", 0.5, "b", 0.4, "c", 0.1));
        window.add("c", "c", Map.of("a", 0.1, "b", 0.1, "c", 0.8));
        PerformanceMetrics m = window.metrics();
        // log loss: −(ln 0.7 + ln 0.4 + ln 0.8) / 3
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.7) + Math.log(0.4) + Math.log(0.8)) / 3, within(EXACT));
        // one-vs-rest AUC: a: positive 0.7 vs negatives 0.5, 0.1 → 1; b: 0.4 vs 0.2, 0.1 → 1; c: 0.8 vs 0.1, 0.1 → 1
        assertThat(m.auc()).isCloseTo(1.0, within(EXACT));
        // top-label: confidences 0.7 (hit), 0.5 (miss), 0.8 (hit), each in its own bin:
        // (|1 − 0.7| + |0 − 0.5| + |1 − 0.8|) / 3 = 1/3
        assertThat(m.ece()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(m.accuracy()).isCloseTo(2 / 3.0, within(EXACT));
    }

    @Test
    void classesBeyondTheCapAreFoldedButAccuracyStaysExact() throws Exception {
        MulticlassClassification window = new MulticlassClassification();
        for (int i = 0; i < MulticlassClassification.MAX_CLASSES + 10; i++) {
            window.add("c" + i, i % 2 == 0 ? "c" + i : "wrong" + i, Map.of());
        }
        assertThat(window.metrics().accuracy()).isCloseTo(0.5, within(EXACT));
        MulticlassClassification copy = MulticlassClassification.readFrom(dataIn(window));
        assertThat(copy.metrics()).isEqualTo(window.metrics());
    }

    @Test
    void mergedWindowsEqualOneWindowOfAllExamples() {
        BinaryClassification first = binary(new int[] {1, 0, 1}, new int[] {1, 0, 0}, new double[] {0.9, 0.3, 0.4});
        BinaryClassification second = binary(new int[] {0, 1}, new int[] {1, 1}, new double[] {0.6, 0.7});
        BinaryClassification all = binary(new int[] {1, 0, 1, 0, 1}, new int[] {1, 0, 0, 1, 1},
                new double[] {0.9, 0.3, 0.4, 0.6, 0.7});
        first.merge(second);
        assertThat(first.metrics()).isEqualTo(all.metrics());
    }

    @Test
    void realizedPerformanceSurvivesItsBinaryForm() {
        RealizedPerformance window = new RealizedPerformance();
        window.binary().add(true, true, 0.8);
        window.binary().add(false, true, 0.6);
        window.multiclass().add("x", "y", Map.of("x", 0.3, "y", 0.7));
        window.regression().add(2, 3);
        RealizedPerformance copy = RealizedPerformance.fromBytes(window.toBytes());
        assertThat(copy.metrics()).isEqualTo(window.metrics());
        assertThat(copy.labelled()).isEqualTo(4);
    }

    private static java.io.DataInput dataIn(MulticlassClassification window) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            window.writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
    }
}
