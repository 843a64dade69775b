package io.driftwatch.core.calibration;

import io.driftwatch.core.alert.Threshold;
import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.drift.FeatureDrift;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The drift metrics that get an alert series per feature, each with its fixed default thresholds
 * and the facts calibration needs about its null distribution.
 *
 * <p>Numeric features are watched with PSI (exact bin counts), KS D and normalised Wasserstein-1
 * (sketches); categorical ones with PSI and the Jensen–Shannon distance. JS and Hellinger of a
 * numeric feature are left out: they are near-monotone functions of the same bin counts as PSI, so
 * under the union bound of {@link CalibrationTarget} they would cost sensitivity and add nothing.
 *
 * <p>Fixed defaults: PSI 0.1 / 0.25 (Siddiqi 2006); warning 0.1 for Wasserstein-1 / σ and JS as in
 * {@link io.driftwatch.core.metric.TestSelection.Thresholds#DEFAULTS} (Evidently's defaults), and the
 * KS effect-size floor D ≥ 0.1 as KS warning. Their critical limits (0.25 for W1 / σ, 0.2 for D and
 * JS) are driftwatch's own conventions: about 2.5 times the warning on the effect-size scale, as
 * PSI's 0.25 is to its 0.1.
 */
public enum MonitoredMetric {
    PSI("psi", Threshold.above(0.1, 0.25), NullScale.QUADRATIC, true),
    KS_D("ks_d", Threshold.above(0.1, 0.2), NullScale.ROOT, false),
    WASSERSTEIN("wasserstein", Threshold.above(0.1, 0.25), NullScale.ROOT, false),
    JENSEN_SHANNON("js", Threshold.above(0.1, 0.2), NullScale.ROOT, true);

    /**
     * How a metric's no-drift values scale with the window size n and the baseline size m: PSI is a
     * quadratic form of the bin-share differences, ≈ (1/n + 1/m)·χ²_{B−1} (Yurdakul 2018), so it scales
     * with (1/n + 1/m); KS D, W1 and JS are square roots of such quantities (or, for D and W1, norms of
     * an empirical process with variance ∝ 1/n + 1/m), so they scale with its square root.
     */
    public enum NullScale {
        QUADRATIC,
        ROOT;

        /** The statistic on the scale where its null tail is exponential: PSI as is, the others squared. */
        public double toQuadratic(double value) {
            return this == QUADRATIC ? value : value * value;
        }

        /** Inverse of {@link #toQuadratic}. */
        public double fromQuadratic(double quadratic) {
            return this == QUADRATIC ? quadratic : Math.sqrt(quadratic);
        }
    }

    private static final List<MonitoredMetric> NUMERIC = List.of(PSI, KS_D, WASSERSTEIN);
    private static final List<MonitoredMetric> CATEGORICAL = List.of(PSI, JENSEN_SHANNON);

    private final String fieldName;
    private final Threshold fixedDefault;
    private final NullScale nullScale;
    private final boolean binBased;

    MonitoredMetric(String fieldName, Threshold fixedDefault, NullScale nullScale, boolean binBased) {
        this.fieldName = fieldName;
        this.fixedDefault = fixedDefault;
        this.nullScale = nullScale;
        this.binBased = binBased;
    }

    /** The metrics watched on a feature of this kind. */
    public static List<MonitoredMetric> watchedOn(ColumnKind kind) {
        return kind == ColumnKind.NUMERIC ? NUMERIC : CATEGORICAL;
    }

    /** The metric stored under {@code fieldName} (the {@code drift} measurement's field), if any. */
    public static Optional<MonitoredMetric> ofFieldName(String fieldName) {
        return Arrays.stream(values()).filter(m -> m.fieldName.equals(fieldName)).findFirst();
    }

    /** The field of the {@code drift} measurement, and the metric name in alerts and baselines. */
    public String fieldName() {
        return fieldName;
    }

    /** Thresholds used when a baseline carries no calibration for the series. */
    public Threshold fixedDefault() {
        return fixedDefault;
    }

    public NullScale nullScale() {
        return nullScale;
    }

    /** Whether the metric depends on the window only through its bin (or category) counts. */
    public boolean binBased() {
        return binBased;
    }

    /** This metric's value in a window's drift result (NaN when undefined, e.g. an empty window). */
    public double valueOf(FeatureDrift drift) {
        return switch (this) {
            case PSI -> drift.psi();
            case JENSEN_SHANNON -> drift.jensenShannon();
            case KS_D -> numeric(drift).ks().d();
            case WASSERSTEIN -> numeric(drift).wasserstein().normalised();
        };
    }

    private FeatureDrift.Numeric numeric(FeatureDrift drift) {
        if (drift instanceof FeatureDrift.Numeric numeric) {
            return numeric;
        }
        throw new IllegalArgumentException(fieldName + " is only defined for numeric features, not '"
                + drift.feature() + "'");
    }
}
