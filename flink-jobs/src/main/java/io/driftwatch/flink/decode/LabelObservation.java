package io.driftwatch.flink.decode;

import io.driftwatch.flink.source.RawRecord;

/**
 * One validated label (LabelEvent): the ground truth of the prediction {@code eventId}.
 *
 * @param timestamp when the ground truth became known, epoch ms (its event time)
 * @param labelClass true class, for classifiers, or {@code null}
 * @param labelValue true value, for regressors, or {@code null}
 * @param origin the Kafka record, for the {@code orphan-label} dead letter
 */
public record LabelObservation(String eventId, String modelId, long timestamp, String labelClass, Double labelValue,
                               RawRecord origin) {
}
