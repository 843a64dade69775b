package io.driftwatch.flink.performance;

import io.driftwatch.core.performance.CbpeCalibration;
import io.driftwatch.core.performance.RealizedPerformance;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;

/**
 * The label side of one performance window: realized performance of the labelled predictions, and the
 * predictions that got no label or could not be scored. Kept for the label horizon, so late labels
 * update it.
 */
final class RealizedWindow {
    /** Binary decision threshold assumed when the baseline names no positive class. */
    static final double DEFAULT_DECISION_THRESHOLD = 0.5;
    /** 2: the realized performance is length-prefixed, so the window can be read from a stream of state. */
    private static final byte FORMAT_VERSION = 2;

    private final RealizedPerformance performance;
    private long unlabelled;
    private long unevaluable;

    private RealizedWindow(RealizedPerformance performance) {
        this.performance = performance;
    }

    static RealizedWindow empty() {
        return new RealizedWindow(new RealizedPerformance());
    }

    void addUnlabelled() {
        unlabelled++;
    }

    /**
     * Scores one labelled prediction by its kind:
     * <ul>
     *   <li>class probabilities sent → multi-class (predicted class, else the most probable one);</li>
     *   <li>a score and a class label → binary. The positive class is the baseline calibration's; without
     *       one, the score is taken as the probability of the class predicted at score ≥ 0.5, so the
     *       label is positive when it equals the predicted class exactly when the score is ≥ 0.5;</li>
     *   <li>only a predicted class → multi-class confusion counts;</li>
     *   <li>a numeric label and a score → regression.</li>
     * </ul>
     * Anything else is counted as unevaluable.
     */
    void addLabelled(PredictionFacts prediction, String labelClass, Double labelValue, CbpeCalibration calibration) {
        Double score = prediction.score();
        String predicted = prediction.predictedClass();
        Map<String, Double> probabilities = prediction.classProbabilities();
        if (labelClass != null && !probabilities.isEmpty()) {
            String chosen = predicted != null ? predicted
                    : probabilities.entrySet().stream().max(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                            .orElseThrow().getKey();
            performance.multiclass().add(labelClass, chosen, probabilities);
        } else if (labelClass != null && score != null && calibration != null) {
            String positive = calibration.positiveClass();
            boolean predictedPositive = predicted != null ? predicted.equals(positive)
                    : score >= calibration.decisionThreshold();
            performance.binary().add(labelClass.equals(positive), predictedPositive, score);
        } else if (labelClass != null && score != null && predicted != null) {
            boolean predictedPositive = score >= DEFAULT_DECISION_THRESHOLD;
            performance.binary().add(labelClass.equals(predicted) == predictedPositive, predictedPositive, score);
        } else if (labelClass != null && predicted != null) {
            performance.multiclass().add(labelClass, predicted, Map.of());
        } else if (labelValue != null && score != null) {
            performance.regression().add(labelValue, score);
        } else {
            unevaluable++;
        }
    }

    RealizedPerformance performance() {
        return performance;
    }

    long unlabelled() {
        return unlabelled;
    }

    long unevaluable() {
        return unevaluable;
    }

    /** Writes the window in a versioned binary form (its state format, see {@link RealizedWindowSerializer}). */
    void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(unlabelled);
        out.writeLong(unevaluable);
        byte[] realized = performance.toBytes();
        out.writeInt(realized.length);
        out.write(realized);
    }

    /** Reads what {@link #writeTo} wrote. */
    static RealizedWindow readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown RealizedWindow format version " + version);
        }
        long unlabelled = in.readLong();
        long unevaluable = in.readLong();
        byte[] realized = new byte[in.readInt()];
        in.readFully(realized);
        RealizedWindow window = new RealizedWindow(RealizedPerformance.fromBytes(realized));
        window.unlabelled = unlabelled;
        window.unevaluable = unevaluable;
        return window;
    }
}
