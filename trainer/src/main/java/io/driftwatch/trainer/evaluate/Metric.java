package io.driftwatch.trainer.evaluate;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A binary-classification metric that champion/challenger can compare on, with its direction. */
public enum Metric {
    AUC(true),
    ACCURACY(true),
    PRECISION(true),
    RECALL(true),
    F1(true),
    LOG_LOSS(false),
    BRIER(false);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The name used in YAML, metadata JSON and the Baseline's {@code evaluation_metrics}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How much better {@code challenger} is than {@code champion}; positive means better. */
    public double improvement(double champion, double challenger) {
        return higherIsBetter ? challenger - champion : champion - challenger;
    }

    @JsonCreator
    public static Metric fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + key + "' (expected one of "
                        + Arrays.stream(values()).map(Metric::key).toList() + ")"));
    }
}
