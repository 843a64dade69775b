package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Golden values from scikit-learn's docstrings (y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]). */
class RegressionErrorsTest {
    private static RegressionErrors of(double[] actual, double[] predicted) {
        RegressionErrors errors = new RegressionErrors();
        for (int i = 0; i < actual.length; i++) {
            errors.add(actual[i], predicted[i]);
        }
        return errors;
    }

    @Test
    void maeRmseAndMapeMatchScikitLearnsDocumentedExamples() {
        PerformanceMetrics m = of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0.0, 2, 8}).metrics();
        assertThat(m.mae()).isCloseTo(0.5, within(1e-12));                       // mean_absolute_error
        assertThat(m.rmse()).isCloseTo(Math.sqrt(0.375), within(1e-12));         // mean_squared_error 0.375
        assertThat(m.mape()).isCloseTo(0.3273809523809524, within(1e-12));       // mean_absolute_percentage_error
        assertThat(m.accuracy()).isNaN();
    }

    @Test
    void zeroTargetsAreLeftOutOfMapeButNotOutOfMaeAndRmse() {
        // Targets 0 and 4, predictions 1 and 5: MAE 1, RMSE 1; MAPE over the non-zero target only: 1/4.
        RegressionErrors errors = of(new double[] {0, 4}, new double[] {1, 5});
        assertThat(errors.metrics().mae()).isCloseTo(1.0, within(1e-12));
        assertThat(errors.metrics().rmse()).isCloseTo(1.0, within(1e-12));
        assertThat(errors.metrics().mape()).isCloseTo(0.25, within(1e-12));
        assertThat(errors.zeroTargets()).isEqualTo(1);
    }

    @Test
    void mapeIsUndefinedWhenEveryTargetIsZero() {
        RegressionErrors errors = of(new double[] {0, 0}, new double[] {1, -1});
        assertThat(errors.metrics().mape()).isNaN();
        assertThat(errors.metrics().mae()).isCloseTo(1.0, within(1e-12));
    }
}
