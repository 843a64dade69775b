package io.driftwatch.core.evaluation;

import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Level;
import io.driftwatch.core.alert.Threshold;
import io.driftwatch.core.alert.Transition;
import io.driftwatch.core.baseline.BaselineBuilder;
import io.driftwatch.core.baseline.BaselineOptions;
import io.driftwatch.core.calibration.CalibratedThresholds;
import io.driftwatch.core.calibration.Calibrator;
import io.driftwatch.core.calibration.MonitoredMetric;
import io.driftwatch.core.calibration.NullSampling;
import io.driftwatch.core.calibration.Seeds;
import io.driftwatch.core.calibration.SketchRandomness;
import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.drift.DriftEvaluator;
import io.driftwatch.core.drift.FeatureDrift;
import io.driftwatch.core.evaluation.EvaluationReport.Outcome;
import io.driftwatch.core.evaluation.EvaluationReport.ScenarioResult;
import io.driftwatch.core.evaluation.EvaluationReport.ThresholdSet;
import io.driftwatch.core.metric.TestSelection;
import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.core.profile.NumericProfile;
import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import io.driftwatch.events.CategoricalFeatureBaseline;
import io.driftwatch.events.NumericFeatureBaseline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs synthetic streams through the job's own logic and counts what the alerts did, for the fixed
 * and the calibrated thresholds side by side.
 *
 * <p>Per training set: data from {@link SyntheticModel} → {@link BaselineBuilder} → {@link Calibrator}
 * (the calibrated copy of the baseline). Stream i of every scenario with the same model is watched
 * with training set i, so the thresholds are averaged over as many independent baselines as the
 * longest scenario has streams, at the cost of that many calibrations only. Per window: the job's
 * {@link NumericProfile}/{@link CategoricalProfile} of the window's values → {@link DriftEvaluator} →
 * for each {@link MonitoredMetric} series, {@link CalibratedThresholds#forWindow} →
 * {@link Threshold#level} → {@link AlertStateMachine#step}. An alert counts when a series goes
 * from not firing to FIRING (escalations while firing are not new alerts).
 */
public final class EvaluationHarness {
    private static final String MODEL_ID = "synthetic";

    private EvaluationHarness() {}

    public static EvaluationReport run(EvaluationConfig config) {
        List<ScenarioResult> results = new ArrayList<>();
        Map<MonitorKey, Monitor> monitors = new HashMap<>();
        double warningProbability = Double.NaN;
        int series = 0;
        for (Scenario scenario : config.scenarios()) {
            List<Integer> streamLengths = streamLengths(scenario, config);
            Map<ThresholdSet, Tally> tallies = new EnumMap<>(ThresholdSet.class);
            for (ThresholdSet set : ThresholdSet.values()) {
                tallies.put(set, new Tally());
            }
            for (int i = 0; i < streamLengths.size(); i++) {
                Monitor monitor = monitors.computeIfAbsent(new MonitorKey(scenario.seasonalAmplitude(), i),
                        key -> train(key, config));
                warningProbability = monitor.calibration().getWarningWindowProbability();
                series = monitor.calibration().getSeries();
                runStream(scenario, i, streamLengths.get(i), monitor, config)
                        .forEach((set, alerts) -> tallies.get(set).add(scenario, alerts));
            }
            int windows = streamLengths.stream().mapToInt(Integer::intValue).sum();
            double modelDays = windows / config.windowsPerDay();
            Map<ThresholdSet, Outcome> outcomes = new EnumMap<>(ThresholdSet.class);
            tallies.forEach((set, tally) -> outcomes.put(set, tally.outcome(modelDays)));
            results.add(new ScenarioResult(scenario.name(), scenario.description(), scenario.hasDrift(),
                    streamLengths.size(), modelDays, outcomes));
        }
        return new EvaluationReport(config, warningProbability, series, results);
    }

    /** Windows of each stream: stationary time cut into horizons; drift scenarios a fixed shape. */
    private static List<Integer> streamLengths(Scenario scenario, EvaluationConfig config) {
        List<Integer> lengths = new ArrayList<>();
        if (scenario.hasDrift()) {
            for (int i = 0; i < config.driftStreams(); i++) {
                lengths.add(Scenario.PRE_DRIFT_WINDOWS + Scenario.DRIFT_WINDOWS);
            }
            return lengths;
        }
        long total = Math.round(config.stationaryDays() * config.windowsPerDay());
        long perStream = Math.max(1, Math.round(config.target().windowsPerHorizon()));
        for (long left = total; left > 0; left -= perStream) {
            lengths.add((int) Math.min(left, perStream));
        }
        return lengths;
    }

    /** An alert that started firing: which feature and in which window. */
    private record Alert(String feature, int window) {}

    /** Which training set: the model (its seasonal amplitude) and the stream index. */
    private record MonitorKey(double seasonalAmplitude, int index) {}

    /** A baseline and both threshold lookups for it. */
    private record Monitor(Baseline baseline, BaselineCalibration calibration,
                           Map<ThresholdSet, CalibratedThresholds> lookups) {}

    private record SeriesKey(String feature, MonitoredMetric metric, ThresholdSet set) {}

    /** Training data → baseline → calibration, as the trainer or {@code driftwatch baseline} would. */
    private static Monitor train(MonitorKey key, EvaluationConfig config) {
        long seed = Seeds.derive(config.seed(), "training/" + key.seasonalAmplitude() + "/" + key.index());
        Dataset training = new SyntheticModel(key.seasonalAmplitude()).training(config.trainingRows(),
                new SplittableRandom(seed));
        SketchRandomness.reseed(seed);
        Baseline baseline = BaselineBuilder.build(MODEL_ID, "v" + key.index(), training,
                BaselineBuilder.Roles.FEATURES_ONLY, BaselineOptions.DEFAULTS, Instant.EPOCH).baseline();
        NullSampling sampling = new NullSampling(config.sampling().binReplicates(),
                config.sampling().valueReplicates(), seed);
        BaselineCalibration calibration = Calibrator.calibrate(baseline, training, config.target(), sampling);
        Map<ThresholdSet, CalibratedThresholds> lookups = new EnumMap<>(ThresholdSet.class);
        lookups.put(ThresholdSet.FIXED, CalibratedThresholds.of(baseline));
        lookups.put(ThresholdSet.CALIBRATED,
                CalibratedThresholds.of(Baseline.newBuilder(baseline).setCalibration(calibration).build()));
        return new Monitor(baseline, calibration, lookups);
    }

    /** The alerts that started in one stream, per threshold set. */
    private static Map<ThresholdSet, List<Alert>> runStream(Scenario scenario, int index, int windows, Monitor monitor,
                                                            EvaluationConfig config) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(config.seed(), scenario.name() + "/" + index));
        SketchRandomness.reseed(random.nextLong());
        SyntheticModel model = new SyntheticModel(scenario.seasonalAmplitude());
        Baseline baseline = monitor.baseline();
        Map<ThresholdSet, CalibratedThresholds> lookups = monitor.lookups();
        Map<String, Double> means = new HashMap<>();
        Map<String, Double> stdDevs = new HashMap<>();
        baseline.getNumericFeatures().forEach(f -> {
            means.put(f.getName(), f.getMean());
            stdDevs.put(f.getName(), f.getStdDev());
        });
        Map<SeriesKey, AlertState> states = new HashMap<>();
        Map<ThresholdSet, List<Alert>> alerts = new EnumMap<>(ThresholdSet.class);
        lookups.keySet().forEach(set -> alerts.put(set, new ArrayList<>()));
        long windowMillis = config.window().toMillis();
        for (int w = 0; w < windows; w++) {
            long start = w * windowMillis;
            double hourOfDay = ((start + windowMillis / 2.0) / 3_600_000.0) % 24;
            SyntheticModel.Window values = model.window(config.eventsPerWindow(), hourOfDay,
                    scenario.perturbation().apply(w), means, stdDevs, random);
            for (FeatureDrift drift : evaluate(baseline, values)) {
                ColumnKind kind = drift instanceof FeatureDrift.Numeric ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
                for (MonitoredMetric metric : MonitoredMetric.watchedOn(kind)) {
                    double value = metric.valueOf(drift);
                    for (ThresholdSet set : ThresholdSet.values()) {
                        Threshold threshold = lookups.get(set).forWindow(drift.feature(), metric,
                                drift.currentCount()).threshold();
                        Level level = threshold.level(value);
                        SeriesKey key = new SeriesKey(drift.feature(), metric, set);
                        AlertState before = states.getOrDefault(key, AlertState.INITIAL);
                        AlertStateMachine.Step step = AlertStateMachine.step(config.rule(), before,
                                new AlertStateMachine.Observation(level, value, threshold.limitFor(level), start,
                                        start + windowMillis));
                        states.put(key, step.state());
                        boolean started = before.phase() != AlertState.Phase.FIRING && step.transition()
                                .filter(t -> t.status() == Transition.Status.FIRING).isPresent();
                        if (started) {
                            alerts.get(set).add(new Alert(drift.feature(), w));
                        }
                    }
                }
            }
        }
        return alerts;
    }

    /** The job's window path: profiles of the window's values, then every metric against the baseline. */
    private static List<FeatureDrift> evaluate(Baseline baseline, SyntheticModel.Window window) {
        List<FeatureDrift> drifts = new ArrayList<>();
        for (NumericFeatureBaseline feature : baseline.getNumericFeatures()) {
            NumericProfile profile = NumericProfile.create(
                    feature.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(), feature.getMin(),
                    feature.getMax(), NumericProfile.DEFAULT_WINDOW_K);
            for (double value : window.numeric().get(feature.getName())) {
                profile.add(value);
            }
            drifts.add(DriftEvaluator.numeric(feature, profile, TestSelection.Thresholds.DEFAULTS));
        }
        for (CategoricalFeatureBaseline feature : baseline.getCategoricalFeatures()) {
            CategoricalProfile profile = CategoricalProfile.create(feature.getFrequencies().keySet(),
                    CategoricalProfile.DEFAULT_MAX_UNSEEN_DISTINCT);
            for (String value : window.categorical().get(feature.getName())) {
                profile.add(value);
            }
            drifts.add(DriftEvaluator.categorical(feature, profile, TestSelection.Thresholds.DEFAULTS));
        }
        return drifts;
    }

    /** Running counts of one threshold set over the streams of one scenario. */
    private static final class Tally {
        private int falseAlarms;
        private int detected;
        private int missed;
        private final List<Integer> delays = new ArrayList<>();

        void add(Scenario scenario, List<Alert> alerts) {
            int firstDetection = Integer.MAX_VALUE;
            for (Alert alert : alerts) {
                boolean onDrift = scenario.driftedFeatures().contains(alert.feature())
                        && alert.window() >= scenario.onsetWindow();
                if (onDrift) {
                    firstDetection = Math.min(firstDetection, alert.window());
                } else {
                    falseAlarms++;
                }
            }
            if (!scenario.hasDrift()) {
                return;
            }
            if (firstDetection == Integer.MAX_VALUE) {
                missed++;
            } else {
                detected++;
                delays.add(firstDetection - scenario.onsetWindow() + 1);
            }
        }

        Outcome outcome(double modelDays) {
            return new Outcome(falseAlarms, falseAlarms / modelDays, detected, missed, List.copyOf(delays));
        }
    }
}
