package io.driftwatch.core.calibration;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Baseline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** A small training set (two numeric features, one categorical) and its baseline, fixed by a seed. */
final class CalibrationFixtures {
    static final int TRAINING_ROWS = 20_000;

    private CalibrationFixtures() {}

    static Dataset training() {
        SplittableRandom random = new SplittableRandom(7);
        double[] normal = new double[TRAINING_ROWS];
        double[] lognormal = new double[TRAINING_ROWS];
        String[] channel = new String[TRAINING_ROWS];
        String[] channels = {"web", "app", "store", "phone"};
        for (int i = 0; i < TRAINING_ROWS; i++) {
            normal[i] = 40 + 12 * random.nextGaussian();
            lognormal[i] = Math.exp(10 + 0.5 * random.nextGaussian());
            double u = random.nextDouble();
            channel[i] = channels[u < 0.5 ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3];
        }
        return new Dataset("fixture", List.of(new FeatureColumn.Numeric("age", normal),
                new FeatureColumn.Numeric("income", lognormal), new FeatureColumn.Categorical("channel", channel)));
    }

    static Baseline baseline(Dataset training) {
        return BaselineBuilder.build("model", "v1", training, BaselineBuilder.Roles.FEATURES_ONLY,
                BaselineOptions.DEFAULTS, Instant.EPOCH).baseline();
    }

    /** One false alarm per 30 days, hourly windows of {@code n} values, firing after 2 windows. */
    static CalibrationTarget monthlyTarget(long n) {
        return new CalibrationTarget(1, Duration.ofDays(30), Duration.ofHours(1), n, 2,
                CalibrationTarget.DEFAULT_CRITICAL_RARITY);
    }
}
