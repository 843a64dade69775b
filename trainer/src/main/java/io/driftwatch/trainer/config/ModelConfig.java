package io.driftwatch.trainer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.driftwatch.core.calibration.CalibrationTarget;
import io.driftwatch.trainer.evaluate.Metric;

/**
 * One model the trainer may retrain: how its labels read, how a challenger is judged, how it is
 * trained, where its data comes from and whether its published baselines carry calibrated drift
 * thresholds. Defaults are filled in here; every check names its key.
 */
public record ModelConfig(String id, String positiveClass, Evaluation evaluation, Training training, DataSource data,
                          Optional<DriftCalibration> driftCalibration) {
    /** Model ids become directory names in the registry, so they are restricted to safe characters. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ModelConfig {
        Checks.required(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' must match " + ID.pattern());
        }
        Checks.required(positiveClass, "positive_class");
        evaluation = evaluation == null ? new Evaluation(null, null, null, null, null) : evaluation;
        training = training == null ? new Training(null, null, null, null, null) : training;
        data = data == null ? new DataSource(null, null, null, null, null) : data;
        driftCalibration = driftCalibration == null ? Optional.empty() : driftCalibration;
    }

    /**
     * Drift thresholds calibrated to a false-alarm promise, stored in every Baseline the trainer
     * publishes for the model (docs/detection-quality.md); without this block baselines carry none and
     * the drift job uses its configured limits. {@code eventsPerWindow} has no default: the thresholds
     * are for one traffic level, and the job flags windows more than 2× off it.
     *
     * @param falseAlarms at most this many false drift alarms per model per {@code per}
     * @param window the drift job's {@code windows.size}
     * @param eventsPerWindow expected present values per feature in one window
     * @param firingAfter the drift job's {@code alerts.firing-after}
     * @param seed seed of the simulation: the same baseline and seed give the same thresholds
     */
    public record DriftCalibration(Double falseAlarms, Duration per, Duration window, Long eventsPerWindow,
                                   Integer firingAfter, Long seed) {
        public DriftCalibration {
            falseAlarms = falseAlarms == null ? 1.0 : falseAlarms;
            per = per == null ? Duration.ofDays(30) : per;
            window = window == null ? Duration.ofHours(1) : window;
            firingAfter = firingAfter == null ? 2 : firingAfter;
            seed = seed == null ? 1L : seed;
            Checks.required(eventsPerWindow, "events_per_window");
            target(falseAlarms, per, window, eventsPerWindow, firingAfter); // validates them
        }

        /** The calibration target these settings describe. */
        public CalibrationTarget target() {
            return target(falseAlarms, per, window, eventsPerWindow, firingAfter);
        }

        private static CalibrationTarget target(double falseAlarms, Duration per, Duration window, long eventsPerWindow,
                                                int firingAfter) {
            return new CalibrationTarget(falseAlarms, per, window, eventsPerWindow, firingAfter,
                    CalibrationTarget.DEFAULT_CRITICAL_RARITY);
        }
    }

    /**
     * Champion/challenger rules: the challenger must beat the champion by {@code minImprovement} on
     * {@code metric}, both scored on the newest {@code fraction} of the data (a time-based split).
     */
    public record Evaluation(Metric metric, Double minImprovement, Double fraction, Integer minTrainingRows,
                             Integer minEvaluationRows) {
        public Evaluation {
            metric = metric == null ? Metric.AUC : metric;
            minImprovement = minImprovement == null ? 0.005 : minImprovement;
            fraction = fraction == null ? 0.2 : fraction;
            minTrainingRows = minTrainingRows == null ? 200 : minTrainingRows;
            minEvaluationRows = minEvaluationRows == null ? 50 : minEvaluationRows;
            Checks.check(minImprovement >= 0, "min_improvement must be >= 0, was " + minImprovement);
            Checks.check(fraction > 0 && fraction < 1, "fraction must be between 0 and 1 (exclusive), was " + fraction);
            Checks.check(minTrainingRows >= 10, "min_training_rows must be >= 10, was " + minTrainingRows);
            Checks.check(minEvaluationRows >= 10, "min_evaluation_rows must be >= 10, was " + minEvaluationRows);
        }
    }

    /** Which {@link io.driftwatch.trainer.train.ModelTrainer} and its hyper-parameters; the seed makes runs repeatable. */
    public record Training(String type, Integer epochs, Double learningRate, Integer minibatchSize, Long seed) {
        public static final String LOGISTIC_REGRESSION = "logistic_regression";

        public Training {
            type = type == null ? LOGISTIC_REGRESSION : type;
            epochs = epochs == null ? 10 : epochs;
            learningRate = learningRate == null ? 0.5 : learningRate;
            minibatchSize = minibatchSize == null ? 1 : minibatchSize;
            seed = seed == null ? 42L : seed;
            Checks.check(LOGISTIC_REGRESSION.equals(type), "type '" + type + "' is not a known trainer (expected "
                    + LOGISTIC_REGRESSION + ")");
            Checks.check(epochs >= 1 && epochs <= 10_000, "epochs must be in 1..10000, was " + epochs);
            Checks.check(learningRate > 0, "learning_rate must be > 0, was " + learningRate);
            Checks.check(minibatchSize >= 1, "minibatch_size must be >= 1, was " + minibatchSize);
        }
    }

    /**
     * Where retraining data comes from: the {@code labelled-examples} topic (default), or files (CSV
     * with a header row, or Avro container files of LabelledExample) for models trained offline.
     * The column settings apply to CSV files, also to the file given to {@code registry bootstrap}.
     */
    public record DataSource(Source source, List<Path> files, String labelColumn, Optional<String> timestampColumn,
                             List<String> excludeColumns) {
        public DataSource {
            source = source == null ? Source.TOPIC : source;
            files = files == null ? List.of() : List.copyOf(files);
            labelColumn = labelColumn == null ? "label" : labelColumn;
            timestampColumn = timestampColumn == null ? Optional.empty() : timestampColumn;
            excludeColumns = excludeColumns == null ? List.of() : List.copyOf(excludeColumns);
            Checks.check(source != Source.FILES || !files.isEmpty(), "files must list at least one file when source is files");
        }
    }

    public enum Source {
        TOPIC, FILES;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Source fromKey(String key) {
            return switch (key) {
                case "topic" -> TOPIC;
                case "files" -> FILES;
                default -> throw new IllegalArgumentException("unknown source '" + key + "' (expected topic or files)");
            };
        }
    }
}
