package io.driftwatch.flink.performance;

import io.driftwatch.core.performance.CbpeCalibration;
import io.driftwatch.core.performance.CbpeEstimate;
import io.driftwatch.core.profile.NumericProfile;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The prediction side of one performance window: latency (a KLL sketch, k = 200, about 1.3% rank
 * error) and the CBPE estimate. Bounded (a few KB) whatever the traffic; kept until the window's
 * allowed lateness has passed, like the drift windows.
 */
final class PredictionWindow {
    private static final byte FORMAT_VERSION = 1;

    private final NumericProfile latency;
    private final CbpeEstimate estimate;

    private PredictionWindow(NumericProfile latency, CbpeEstimate estimate) {
        this.latency = latency;
        this.estimate = estimate;
    }

    static PredictionWindow empty() {
        return new PredictionWindow(NumericProfile.create(new double[0], 0, Double.MAX_VALUE,
                NumericProfile.DEFAULT_WINDOW_K), new CbpeEstimate());
    }

    /** Adds a served prediction; without a calibration map (or a score) it counts for latency only. */
    void add(PredictionFacts prediction, CbpeCalibration calibration) {
        latency.add(prediction.latencyMs());
        if (calibration != null && prediction.score() != null && prediction.classProbabilities().isEmpty()) {
            estimate.add(calibration, prediction.score());
        }
    }

    NumericProfile latency() {
        return latency;
    }

    CbpeEstimate estimate() {
        return estimate;
    }

    /** Writes the window in a versioned binary form (its state format, see {@link PredictionWindowSerializer}). */
    void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        byte[] sketch = latency.toBytes();
        out.writeInt(sketch.length);
        out.write(sketch);
        byte[] cbpe = estimate.toBytes();
        out.writeInt(cbpe.length);
        out.write(cbpe);
    }

    /** Reads what {@link #writeTo} wrote. */
    static PredictionWindow readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown PredictionWindow format version " + version);
        }
        byte[] sketch = new byte[in.readInt()];
        in.readFully(sketch);
        byte[] cbpe = new byte[in.readInt()];
        in.readFully(cbpe);
        return new PredictionWindow(NumericProfile.fromBytes(sketch), CbpeEstimate.fromBytes(cbpe));
    }
}
