package io.driftwatch.core.performance;

/**
 * Model performance over one window's labelled (or, for CBPE, estimated) predictions. A metric that
 * does not apply to the model's kind or is undefined in the window (no labels, one class only, no
 * probabilities) is {@code NaN}; nothing here is ever a made-up 0.
 *
 * @param accuracy share of correct predicted classes
 * @param precision binary: of the positive class; multi-class: macro average
 * @param recall binary: of the positive class; multi-class: macro average
 * @param f1 binary: of the positive class; multi-class: macro average
 * @param logLoss mean negative log-likelihood of the true class, probabilities clipped to [1e-15, 1 − 1e-15]
 * @param auc ROC AUC from score histograms (multi-class: macro one-vs-rest)
 * @param aucErrorBound largest possible difference between {@code auc} and the exact AUC ({@link ScoreHistogram})
 * @param ece expected calibration error, 10 bins ({@link ReliabilityBins})
 * @param mae mean absolute error (regression)
 * @param rmse root mean squared error (regression)
 * @param mape mean absolute percentage error over the non-zero targets, as a fraction (0.1 = 10%)
 * @param labelled examples the metrics are computed from
 */
public record PerformanceMetrics(double accuracy, double precision, double recall, double f1, double logLoss,
                                 double auc, double aucErrorBound, double ece, double mae, double rmse, double mape,
                                 long labelled) {
    /** No labelled example: every metric undefined. */
    public static final PerformanceMetrics NONE = classification(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    static PerformanceMetrics classification(double accuracy, double precision, double recall, double f1,
                                             double logLoss, double auc, double aucErrorBound, double ece,
                                             long labelled) {
        return new PerformanceMetrics(accuracy, precision, recall, f1, logLoss, auc, aucErrorBound, ece, Double.NaN,
                Double.NaN, Double.NaN, labelled);
    }

    static PerformanceMetrics regression(double mae, double rmse, double mape, long labelled) {
        return new PerformanceMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, mae, rmse, mape, labelled);
    }

    /** F1 from precision and recall: NaN when either is undefined, 0 when both are 0. */
    static double f1(double precision, double recall) {
        if (Double.isNaN(precision) || Double.isNaN(recall)) {
            return Double.NaN;
        }
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** {@code numerator / denominator}, NaN when the denominator is 0. */
    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
