package io.driftwatch.demo.simulate;

import io.driftwatch.events.LabelEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.schema.codec.EventCodec;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * The simulated label-feedback logger: the ground truth of each prediction becomes known some time
 * after it (a chargeback, a confirmed purchase) and is published on {@code labels} then. The drift
 * job joins it to its prediction and writes the {@code LabelledExample} the trainer retrains on.
 */
final class LabelFeedback {
    private static final EventCodec<LabelEvent> LABELS = EventCodec.of(LabelEvent.class);

    private record Pending(long knownAt, PredictionEvent prediction, String label) {}

    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            (a, b) -> Long.compare(a.knownAt(), b.knownAt()));
    private final EventPublisher publisher;
    private final String labelsTopic;
    private final TrafficSimulator.LabelListener listener;

    LabelFeedback(EventPublisher publisher, String labelsTopic, TrafficSimulator.LabelListener listener) {
        this.publisher = publisher;
        this.labelsTopic = labelsTopic;
        this.listener = listener;
    }

    /** The label of {@code prediction} will become known at {@code knownAt} (event time). */
    void expect(PredictionEvent prediction, String label, long knownAt) {
        pending.add(new Pending(knownAt, prediction, label));
    }

    /** Publishes every label known by {@code now} (event time), in the order they became known. */
    void publishKnownBy(long now) {
        while (!pending.isEmpty() && pending.peek().knownAt() <= now) {
            Pending due = pending.poll();
            PredictionEvent prediction = due.prediction();
            Instant knownAt = Instant.ofEpochMilli(due.knownAt());
            publisher.send(labelsTopic, prediction.getModelId(), due.knownAt(), LabelEvent.newBuilder()
                    .setEventId(prediction.getEventId())
                    .setModelId(prediction.getModelId())
                    .setTimestamp(knownAt)
                    .setLabelClass(due.label())
                    .build(), LABELS);
            listener.onLabel(prediction.getModelVersion(), prediction.getTimestamp().toEpochMilli(),
                    prediction.getPrediction().getScore(), due.label().equals(CardTransactions.FRAUD));
        }
    }
}
