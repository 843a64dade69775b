package io.driftwatch.core.performance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Confidence-based performance estimation (CBPE, NannyML: "Estimating performance without ground
 * truth", https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html) of a
 * binary classifier over one window, before its labels arrive. With {@code p} the calibrated
 * probability ({@link CbpeCalibration}) that an example is positive, a positive prediction is a true
 * positive with probability p and a false positive with 1 − p, a negative one a false negative with p
 * and a true negative with 1 − p; summing gives the expected confusion matrix, and
 * <pre>
 *   accuracy  = (E[TP] + E[TN]) / n        precision = E[TP] / (E[TP] + E[FP])
 *   recall    = E[TP] / (E[TP] + E[FN])    F1 = 2·E[TP] / (2·E[TP] + E[FP] + E[FN])
 * </pre>
 * The realized accuracy of a window is a sum of independent Bernoulli(c_i) (c_i = p or 1 − p, the
 * probability that prediction i is right), so given a correct calibration it differs from the estimate
 * by sampling noise of standard error {@code √(Σ c_i(1 − c_i)) / n} ({@link #accuracyStandardError()}).
 *
 * <p><b>When not to trust it.</b> CBPE assumes the calibration map still holds: P(y | score) in
 * production equals P(y | score) on the hold-out. Covariate shift (inputs move, the score's meaning
 * does not) is what it handles. Concept drift (the same inputs now have other labels) breaks it
 * silently: the scores and therefore the estimate do not move while the realized accuracy falls. It is
 * also off when the hold-out was small (few rows per bin) or unlike production, and it estimates only
 * what the scores can say: precision/recall of rare classes in small windows are noisy. Compare it with
 * the realized performance as labels arrive; a persistent gap means the map no longer holds.
 */
public final class CbpeEstimate {
    private static final byte FORMAT_VERSION = 1;

    private long count;
    private double expectedTp;
    private double expectedFp;
    private double expectedFn;
    private double expectedTn;
    private double correctnessVariance;

    /** Adds one prediction with its score. */
    public void add(CbpeCalibration calibration, double score) {
        double p = calibration.probability(score);
        boolean predictedPositive = score >= calibration.decisionThreshold();
        if (predictedPositive) {
            expectedTp += p;
            expectedFp += 1 - p;
        } else {
            expectedFn += p;
            expectedTn += 1 - p;
        }
        correctnessVariance += p * (1 - p);
        count++;
    }

    public void merge(CbpeEstimate other) {
        count += other.count;
        expectedTp += other.expectedTp;
        expectedFp += other.expectedFp;
        expectedFn += other.expectedFn;
        expectedTn += other.expectedTn;
        correctnessVariance += other.correctnessVariance;
    }

    public long count() {
        return count;
    }

    /** Standard error of the realized accuracy around the estimate when the calibration holds; NaN when empty. */
    public double accuracyStandardError() {
        return count == 0 ? Double.NaN : Math.sqrt(correctnessVariance) / count;
    }

    /** The estimated metrics (accuracy, precision, recall, F1); the rest NaN, {@code labelled} = predictions used. */
    public PerformanceMetrics metrics() {
        if (count == 0) {
            return PerformanceMetrics.NONE;
        }
        double precision = PerformanceMetrics.ratio(expectedTp, expectedTp + expectedFp);
        double recall = PerformanceMetrics.ratio(expectedTp, expectedTp + expectedFn);
        return PerformanceMetrics.classification((expectedTp + expectedTn) / count, precision, recall,
                PerformanceMetrics.ratio(2 * expectedTp, 2 * expectedTp + expectedFp + expectedFn), Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, count);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(count);
            out.writeDouble(expectedTp);
            out.writeDouble(expectedFp);
            out.writeDouble(expectedFn);
            out.writeDouble(expectedTn);
            out.writeDouble(correctnessVariance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static CbpeEstimate fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IOException("unknown CbpeEstimate format version " + version);
            }
            CbpeEstimate result = new CbpeEstimate();
            result.count = in.readLong();
            result.expectedTp = in.readDouble();
            result.expectedFp = in.readDouble();
            result.expectedFn = in.readDouble();
            result.expectedTn = in.readDouble();
            result.correctnessVariance = in.readDouble();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
