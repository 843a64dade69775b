package io.driftwatch.demo.simulate;

import io.driftwatch.events.Prediction;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.schema.codec.EventCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Plays the model service's traffic in event time: transactions evenly spaced (with jitter) at the
 * configured rate, scored by the {@link ModelService}'s current version and published to the
 * predictions topic; each one's label is published after a random delay (5 to 40 s of event time)
 * by the {@link LabelFeedback} logger. The world drifts from {@code driftStart} on.
 */
public final class TrafficSimulator {
    private static final EventCodec<PredictionEvent> PREDICTIONS = EventCodec.of(PredictionEvent.class);
    private static final long MIN_LABEL_DELAY_MS = 5_000;
    private static final long MAX_LABEL_DELAY_MS = 40_000;

    /** Told of each label as it becomes known: the version that scored the event, its score, its outcome. */
    public interface LabelListener {
        void onLabel(String version, long eventTime, double score, boolean positive);
    }

    private final CardTransactions world;
    private final ModelService service;
    private final EventPublisher publisher;
    private final LabelFeedback labels;
    private final String predictionsTopic;
    private final long eventSpacingMs;
    private final long driftStart;
    private final Random random;
    private long nextEventTime;
    private long sequence;

    /**
     * @param start event time of the first transaction
     * @param eventsPerMinute transactions per minute of event time
     * @param driftStart event time from which the world drifts ({@link Long#MAX_VALUE}: never)
     */
    public TrafficSimulator(CardTransactions world, ModelService service, Map<String, Object> producerConfig,
                            String predictionsTopic, String labelsTopic, long start,
                            int eventsPerMinute, long driftStart, long seed, LabelListener labelListener) {
        this.world = world;
        this.service = service;
        this.publisher = new EventPublisher(producerConfig);
        this.labels = new LabelFeedback(publisher, labelsTopic, labelListener);
        this.predictionsTopic = predictionsTopic;
        this.eventSpacingMs = Math.max(1, 60_000L / eventsPerMinute);
        this.driftStart = driftStart;
        this.random = new Random(seed);
        this.nextEventTime = start;
    }

    /** Publishes every transaction before {@code eventTime} and every label known by then. */
    public void advanceTo(long eventTime) {
        while (nextEventTime < eventTime) {
            publishTransaction(nextEventTime);
            nextEventTime += eventSpacingMs;
        }
        labels.publishKnownBy(eventTime);
    }

    /** Event time of the next transaction. */
    public long eventTime() {
        return nextEventTime;
    }

    private void publishTransaction(long slot) {
        long timestamp = slot + (long) (random.nextDouble() * eventSpacingMs);
        CardTransactions.Transaction transaction = world.next(timestamp >= driftStart);
        String eventId = CardTransactions.MODEL_ID + "-" + (++sequence);
        ModelService.Scored scored = service.score(eventId, timestamp, transaction);
        boolean positiveAnswer = scored.score() >= 0.5;
        PredictionEvent event = PredictionEvent.newBuilder()
                .setEventId(eventId)
                .setModelId(CardTransactions.MODEL_ID)
                .setModelVersion(scored.version())
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setNumericFeatures(new HashMap<>(transaction.numeric()))
                .setCategoricalFeatures(new HashMap<>(transaction.categorical()))
                .setPrediction(Prediction.newBuilder()
                        .setScore(scored.score())
                        .setPredictedClass(positiveAnswer ? CardTransactions.FRAUD : CardTransactions.LEGIT)
                        .build())
                .setLatencyMs(Math.round(Math.exp(2.4 + 0.4 * random.nextGaussian()) * 10) / 10.0)
                .build();
        publisher.send(predictionsTopic, CardTransactions.MODEL_ID, timestamp, event, PREDICTIONS);
        long delay = MIN_LABEL_DELAY_MS + (long) (random.nextDouble() * (MAX_LABEL_DELAY_MS - MIN_LABEL_DELAY_MS));
        labels.expect(event, transaction.fraud() ? CardTransactions.FRAUD : CardTransactions.LEGIT, timestamp + delay);
    }

    /** Waits until every event published so far is acknowledged. */
    public void flush() {
        publisher.flush();
    }

    public void close() {
        publisher.close();
    }
}
