package io.driftwatch.flink.performance;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Input of {@link PerformanceAggregator}, always counted in the window of the prediction's event time.
 *
 * @param labelClass the true class when {@code kind} is LABELLED (classifiers), else {@code null}
 * @param labelValue the true value when {@code kind} is LABELLED (regressors), else {@code null}
 */
@TypeInfo(PerformanceEventSerializer.Factory.class)
public record PerformanceEvent(Kind kind, PredictionFacts prediction, String labelClass, Double labelValue) {

    /** What happened to the prediction. */
    public enum Kind {
        /** Served: counts for latency and the CBPE estimate. */
        PREDICTED,
        /** Its label arrived: counts for realized performance. */
        LABELLED,
        /** No label within the horizon. */
        UNLABELLED
    }

    public static PerformanceEvent predicted(PredictionFacts prediction) {
        return new PerformanceEvent(Kind.PREDICTED, prediction.withoutFeatures(), null, null);
    }
}
