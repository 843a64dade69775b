package io.driftwatch.flink.testing;

import io.driftwatch.events.FeatureEvent;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.EventDecodingException;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Malformed and hostile records, made from the valid events of a {@link TrafficGenerator} (seeded, so
 * a failure can be replayed): Avro that is bit-flipped, truncated or of an unknown writer schema,
 * JSON of wrong types or shape, non-finite values, impossible timestamps, huge events and strings,
 * and valid events under endless new model, version and feature names.
 *
 * <p>Bit flips never move an event in time: a flipped record that still decodes keeps the original
 * timestamp (else it is drawn again), so it can neither push the watermark ahead of the stream
 * nor fall behind it; impossible timestamps are their own kinds.
 */
public final class HostileRecords {
    /** Features in the widest event: Avro's default collection limit of the job, all missing values. */
    public static final int WIDE_EVENT_FEATURES = 100_000;
    /**
     * New feature names in each {@link Kind#NEW_FEATURE_NAMES} event: with the event's own features, just
     * within the job's 500 features per event (validation's default cap), so the event is valid.
     */
    public static final int NEW_NAMES_PER_EVENT = 480;
    /** Prefix of every new feature name, so a test can look for them in InfluxDB's series. */
    public static final String NEW_FEATURE_PREFIX = "fz_";

    private static final EventCodec<PredictionEvent> PREDICTIONS = EventCodec.of(PredictionEvent.class);
    private static final EventCodec<FeatureEvent> FEATURES = EventCodec.of(FeatureEvent.class);

    private final TrafficGenerator traffic;
    private final Random random;
    private int megabyteStrings;
    /** Numbers the new names: every name made is distinct from every other by construction. */
    private long nameSequence;

    public HostileRecords(TrafficGenerator traffic, long seed) {
        this.traffic = traffic;
        this.random = new Random(seed);
    }

    /** What a record is, for the Avro {@code predictions} or the JSON {@code features} topic. */
    public enum Kind {
        BIT_FLIPPED_AVRO(true),
        TRUNCATED_AVRO(true),
        UNKNOWN_FINGERPRINT(true),
        JSON_OF_WRONG_TYPES(false),
        NON_FINITE_VALUE(true),
        NEGATIVE_TIMESTAMP(true),
        FAR_FUTURE_TIMESTAMP(true),
        /** A valid event of a model not monitored, a new name each time. */
        NEW_MODEL_NAME(true),
        /** A valid event of a monitored model's version that never gets a baseline, a new one each time. */
        NEW_MODEL_VERSION(true),
        /** A valid event with {@link #NEW_NAMES_PER_EVENT} features of new names besides the baseline's. */
        NEW_FEATURE_NAMES(true),
        WIDE_EVENT(true),
        MEGABYTE_STRING(true);

        private final boolean avro;

        Kind(boolean avro) {
            this.avro = avro;
        }

        /** Whether the record is single-object Avro ({@code predictions}) rather than JSON ({@code features}). */
        public boolean avro() {
            return avro;
        }
    }

    /** One record of {@code kind} for event time {@code time} of model {@code model}, version {@code version}. */
    public byte[] record(Kind kind, String model, String version, long time) {
        switch (kind) {
            case BIT_FLIPPED_AVRO:
                return bitFlipped(valid(model, version, time));
            case TRUNCATED_AVRO: {
                byte[] bytes = PREDICTIONS.encode(valid(model, version, time), WireFormat.AVRO);
                return Arrays.copyOf(bytes, random.nextInt(bytes.length - 1));
            }
            case UNKNOWN_FINGERPRINT: {
                byte[] bytes = PREDICTIONS.encode(valid(model, version, time), WireFormat.AVRO);
                for (int i = 2; i < 10; i++) {
                    bytes[i] = (byte) random.nextInt();
                }
                return bytes;
            }
            case JSON_OF_WRONG_TYPES:
                return wrongJson(model, version, time);
            case NON_FINITE_VALUE: {
                PredictionEvent event = valid(model, version, time);
                double[] nonFinite = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                double value = nonFinite[random.nextInt(nonFinite.length)];
                if (random.nextBoolean()) {
                    event.getNumericFeatures().put("amount", value);
                } else {
                    event.getPrediction().setScore(value);
                }
                return PREDICTIONS.encode(event, WireFormat.AVRO);
            }
            case NEGATIVE_TIMESTAMP:
                return PREDICTIONS.encode(valid(model, version, -1 - random.nextInt(1_000_000_000)), WireFormat.AVRO);
            case FAR_FUTURE_TIMESTAMP:
                return PREDICTIONS.encode(valid(model, version, System.currentTimeMillis() + Duration.ofDays(2).toMillis()
                        + random.nextInt(Integer.MAX_VALUE) * 1000L), WireFormat.AVRO);
            case NEW_MODEL_NAME:
                return PREDICTIONS.encode(valid(model + "-" + newName(), version, time), WireFormat.AVRO);
            case NEW_MODEL_VERSION:
                return PREDICTIONS.encode(valid(model, version + "." + newName(), time), WireFormat.AVRO);
            case NEW_FEATURE_NAMES: {
                PredictionEvent event = valid(model, version, time);
                for (int i = 0; i < NEW_NAMES_PER_EVENT; i++) {
                    // Half numeric, half categorical: both kinds of feature map meet unknown names.
                    if (i % 2 == 0) {
                        event.getNumericFeatures().put(NEW_FEATURE_PREFIX + newName(), random.nextGaussian());
                    } else {
                        event.getCategoricalFeatures().put(NEW_FEATURE_PREFIX + newName(), "c" + random.nextInt(10));
                    }
                }
                return PREDICTIONS.encode(event, WireFormat.AVRO);
            }
            case WIDE_EVENT: {
                PredictionEvent event = valid(model, version, time);
                Map<String, Double> features = new HashMap<>();
                for (int i = 0; i < WIDE_EVENT_FEATURES; i++) {
                    features.put(Integer.toString(i, 36), null);
                }
                event.setNumericFeatures(features);
                return PREDICTIONS.encode(event, WireFormat.AVRO);
            }
            case MEGABYTE_STRING: {
                PredictionEvent event = valid(model, version, time);
                // Just under Avro's string limit in the job (1 MiB) and Kafka's default record limit.
                char[] text = new char[1_000_000];
                Arrays.fill(text, 'x');
                // Alternately a category (string-too-long) and the model id (invalid-id, and a dead
                // letter that must not carry the whole id).
                if (megabyteStrings++ % 2 == 0) {
                    event.getCategoricalFeatures().put("country", new String(text));
                } else {
                    event.setModelId(new String(text));
                }
                return PREDICTIONS.encode(event, WireFormat.AVRO);
            }
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** Distinct names made so far (model, version and feature names; each was new). */
    public long newNames() {
        return nameSequence;
    }

    /** A name never made before: its sequence number in base 36, then random characters. */
    private String newName() {
        return Long.toString(nameSequence++, 36) + "x" + Integer.toString(random.nextInt(36 * 36 * 36), 36);
    }

    private PredictionEvent valid(String model, String version, long time) {
        return traffic.predictions(model, version, time, 1, 1, TrafficGenerator.Mix.STATIONARY).get(0);
    }

    /** One to three bits flipped; drawn again while the result decodes to another event time. */
    private byte[] bitFlipped(PredictionEvent event) {
        byte[] original = PREDICTIONS.encode(event, WireFormat.AVRO);
        while (true) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int bit = random.nextInt(bytes.length * 8);
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            try {
                if (PREDICTIONS.decode(bytes, WireFormat.AVRO).getTimestamp().equals(event.getTimestamp())) {
                    return bytes;
                }
            } catch (EventDecodingException e) {
                return bytes;
            }
        }
    }

    private byte[] wrongJson(String model, String version, long time) {
        FeatureEvent event = traffic.features(model, version, time, 1, 1, TrafficGenerator.Mix.STATIONARY).get(0);
        String json = new String(FEATURES.encode(event, WireFormat.JSON), StandardCharsets.UTF_8);
        String amount = "\"amount\":" + event.getNumericFeatures().get("amount");
        String[] wrong = {
            json.replace(amount, "\"amount\":\"a lot\""),
            json.replace("\"" + event.getEventId() + "\"", "12345"),
            json.replace("\"timestamp\":" + time, "\"timestamp\":\"yesterday\""),
            json.replace("\"numeric_features\":{", "\"numeric_features\":[{").replace("},\"categorical", "}],\"categorical"),
            "[" + json + "]",
            "{}",
            "null",
            json.substring(0, random.nextInt(json.length())),
            "[".repeat(10_000) + "]".repeat(10_000),
        };
        return wrong[random.nextInt(wrong.length)].getBytes(StandardCharsets.UTF_8);
    }
}
