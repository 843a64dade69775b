package io.driftwatch.trainer.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.calibration.Calibrator;
import io.driftwatch.core.calibration.NullSampling;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.performance.CbpeCalibration;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.PerformanceCalibration;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.data.DataException;
import io.driftwatch.trainer.data.LabelledData;
import io.driftwatch.trainer.data.LabelledRow;
import io.driftwatch.trainer.data.TimeSplit;
import io.driftwatch.trainer.evaluate.BinaryMetrics;
import io.driftwatch.trainer.evaluate.Verdict;
import io.driftwatch.trainer.registry.Hashing;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.ModelStatus;
import io.driftwatch.trainer.registry.NewVersion;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.train.ModelTrainer;
import io.driftwatch.trainer.train.ModelTrainers;
import io.driftwatch.trainer.train.ScoringModel;

/**
 * From labelled data to a registered CANDIDATE version: check the data suffices, split it in time,
 * train, score challenger and champion on the same evaluation rows, build the version's Baseline
 * from its training rows (with the model's score and predicted class; calibrated drift thresholds
 * when the model has {@code drift_calibration}), register it all with lineage.
 */
public final class TrainingPipeline {
    /** Column names of the model outputs in the baseline data set; no input feature may use them. */
    static final String SCORE_COLUMN = "__score";
    static final String PREDICTED_CLASS_COLUMN = "__predicted_class";

    private static final Logger LOG = LoggerFactory.getLogger(TrainingPipeline.class);

    private final ModelRegistry registry;
    private final Clock clock;

    public TrainingPipeline(ModelRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The production model a challenger must beat, with its artifact already read and verified. */
    public record Champion(VersionMetadata metadata, ScoringModel model) {}

    /** The registered challenger; the verdict is empty when there was no champion to compare with. */
    public record Trained(VersionMetadata version, Optional<Verdict> verdict) {}

    public Trained train(ModelConfig model, LabelledData data, Optional<Champion> champion, Optional<String> requestId)
            throws DataException {
        ModelConfig.Evaluation rules = model.evaluation();
        String negativeClass = checkClasses(model, data);
        checkFeatureNames(data);
        TimeSplit split = TimeSplit.of(data, rules.fraction());
        checkEnough(model, split);

        ModelTrainer trainer = ModelTrainers.create(model.training());
        ScoringModel challenger = trainer.train(split.training(), model.positiveClass());
        byte[] artifact = challenger.toArtifact();
        Map<String, Double> metrics = BinaryMetrics.of(challenger, split.evaluation());
        Optional<Map<String, Double>> championMetrics = champion.map(c -> BinaryMetrics.of(c.model(), split.evaluation()));
        Optional<Verdict> verdict = championMetrics.map(m -> Verdict.of(rules.metric(), rules.minImprovement(), m, metrics));
        Optional<VersionMetadata.Comparison> comparison = champion.map(c -> new VersionMetadata.Comparison(
                c.metadata().version(), rules.metric().key(), rules.minImprovement(), championMetrics.orElseThrow(),
                verdict.orElseThrow().deploy(), verdict.orElseThrow().reason()));

        Instant now = clock.instant();
        Dataset baselineData = baselineData(split.training(), challenger, negativeClass, data.reference().describe());
        VersionMetadata registered = registry.register(model.id(), version -> {
            BaselineBuilder.Result built = BaselineBuilder.build(model.id(), version, baselineData,
                    new BaselineBuilder.Roles(Optional.of(SCORE_COLUMN), Optional.of(PREDICTED_CLASS_COLUMN)),
                    BaselineOptions.DEFAULTS, now);
            built.warnings().forEach(w -> LOG.warn("baseline of {} {}: {}", model.id(), version, w));
            Baseline baseline = Baseline.newBuilder(built.baseline()).setEvaluationMetrics(metrics).build();
            performanceCalibration(challenger, split.evaluation()).ifPresent(baseline::setPerformanceCalibration);
            model.driftCalibration().ifPresent(calibration -> baseline.setCalibration(Calibrator.calibrate(baseline,
                    baselineData, calibration.target(), NullSampling.defaults(calibration.seed()))));
            VersionMetadata metadata = new VersionMetadata(model.id(), version,
                    champion.map(c -> c.metadata().version()), requestId, ModelStatus.CANDIDATE,
                    "trained, not yet decided", now, now, Optional.empty(),
                    new VersionMetadata.Artifact("artifact", challenger.format(), Hashing.sha256(artifact), artifact.length),
                    new VersionMetadata.TrainingData(data.reference(), data.sha256(), data.size(), split.training().size(),
                            split.evaluation().size(), Instant.ofEpochMilli(split.evaluation().get(0).timestamp())),
                    BuildInfo.codeVersion(), trainer.libraryVersions(), trainer.name(), trainer.hyperParameters(),
                    trainer.seed(), metrics, comparison);
            return new NewVersion(artifact, baseline, metadata);
        });
        LOG.info("registered {} {} as candidate: {} training / {} evaluation rows, {}", model.id(), registered.version(),
                split.training().size(), split.evaluation().size(), verdict.map(Verdict::reason).orElse("no champion"));
        return new Trained(registered, verdict);
    }

    /** The other class of a binary model; fails when the labels are not the positive class plus one other. */
    private static String checkClasses(ModelConfig model, LabelledData data) throws DataException {
        if (data.size() == 0) {
            throw new DataException(DataException.Problem.EMPTY, "no labelled examples in " + data.reference().describe());
        }
        Set<String> classes = new TreeSet<>();
        data.rows().forEach(row -> classes.add(row.label()));
        if (classes.size() > 2) {
            throw new DataException(DataException.Problem.INVALID, "a binary model needs two classes, the data has "
                    + classes.size() + ": " + classes.stream().limit(10).toList());
        }
        if (classes.size() < 2 || !classes.contains(model.positiveClass())) {
            throw new DataException(DataException.Problem.TOO_LITTLE, "the data has only class(es) " + classes
                    + "; training needs the positive class '" + model.positiveClass() + "' and one other");
        }
        return classes.stream().filter(c -> !c.equals(model.positiveClass())).findFirst().orElseThrow();
    }

    private static void checkFeatureNames(LabelledData data) throws DataException {
        Set<String> numeric = new TreeSet<>();
        Set<String> categorical = new TreeSet<>();
        data.rows().forEach(row -> {
            numeric.addAll(row.numeric().keySet());
            categorical.addAll(row.categorical().keySet());
        });
        for (String name : numeric) {
            if (categorical.contains(name) || name.equals(SCORE_COLUMN) || name.equals(PREDICTED_CLASS_COLUMN)) {
                throw new DataException(DataException.Problem.INVALID, "feature '" + name
                        + "' is both numeric and categorical, or uses a reserved name");
            }
        }
        if (categorical.contains(SCORE_COLUMN) || categorical.contains(PREDICTED_CLASS_COLUMN)) {
            throw new DataException(DataException.Problem.INVALID, "features may not be named " + SCORE_COLUMN
                    + " or " + PREDICTED_CLASS_COLUMN);
        }
    }

    private static void checkEnough(ModelConfig model, TimeSplit split) throws DataException {
        ModelConfig.Evaluation rules = model.evaluation();
        if (split.training().size() < rules.minTrainingRows() || split.evaluation().size() < rules.minEvaluationRows()) {
            throw new DataException(DataException.Problem.TOO_LITTLE, split.training().size() + " training and "
                    + split.evaluation().size() + " evaluation rows; at least " + rules.minTrainingRows() + " and "
                    + rules.minEvaluationRows() + " are required");
        }
        for (var part : Map.of("training", split.training(), "evaluation", split.evaluation()).entrySet()) {
            long positives = part.getValue().stream().filter(r -> r.label().equals(model.positiveClass())).count();
            if (positives == 0 || positives == part.getValue().size()) {
                throw new DataException(DataException.Problem.TOO_LITTLE, "the " + part.getKey()
                        + " set has only one class; both are needed to train and compare");
            }
        }
    }

    /**
     * The CBPE calibration map of the model's score, fitted on the evaluation hold-out (never on the
     * training rows, where the model is overconfident), so the drift job can estimate performance
     * before labels arrive. The decision threshold is 0.5, as in {@link #baselineData}. Empty, with a
     * warning, when the hold-out is too small for the map.
     */
    private static Optional<PerformanceCalibration> performanceCalibration(ScoringModel model,
                                                                           List<LabelledRow> evaluation) {
        double[] scores = evaluation.stream().mapToDouble(model::score).toArray();
        boolean[] positive = new boolean[scores.length];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = evaluation.get(i).label().equals(model.positiveClass());
        }
        if (scores.length < CbpeCalibration.MIN_ROWS_PER_BIN) {
            LOG.warn("{} evaluation rows, fewer than the {} a CBPE calibration map needs: no estimated performance",
                    scores.length, CbpeCalibration.MIN_ROWS_PER_BIN);
            return Optional.empty();
        }
        return Optional.of(CbpeCalibration.fit(scores, positive, model.positiveClass(), 0.5).toAvro());
    }

    /** The training rows as columns, plus the model's score and predicted class, for the baseline. */
    private static Dataset baselineData(List<LabelledRow> rows, ScoringModel model, String negativeClass, String source) {
        Set<String> numericNames = new TreeSet<>();
        Set<String> categoricalNames = new TreeSet<>();
        rows.forEach(row -> {
            numericNames.addAll(row.numeric().keySet());
            categoricalNames.addAll(row.categorical().keySet());
        });
        List<FeatureColumn> columns = new ArrayList<>();
        for (String name : numericNames) {
            columns.add(new FeatureColumn.Numeric(name, rows.stream().mapToDouble(r -> r.number(name)).toArray()));
        }
        for (String name : categoricalNames) {
            columns.add(new FeatureColumn.Categorical(name, rows.stream().map(r -> r.categorical().get(name)).toArray(String[]::new)));
        }
        double[] scores = rows.stream().mapToDouble(model::score).toArray();
        String[] predicted = new String[scores.length];
        for (int i = 0; i < scores.length; i++) {
            predicted[i] = scores[i] >= 0.5 ? model.positiveClass() : negativeClass;
        }
        columns.add(new FeatureColumn.Numeric(SCORE_COLUMN, scores));
        columns.add(new FeatureColumn.Categorical(PREDICTED_CLASS_COLUMN, predicted));
        return new Dataset(source, columns);
    }
}
