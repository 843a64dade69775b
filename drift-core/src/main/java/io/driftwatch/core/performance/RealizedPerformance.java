package io.driftwatch.core.performance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Realized performance of one window: the labelled predictions of a binary classifier, a multi-class
 * one or a regressor (a model normally sends one kind; should a window hold several, the
 * classification metrics come from the kind with more examples). Mergeable, bounded, with a versioned
 * binary form for state.
 */
public final class RealizedPerformance {
    private static final byte FORMAT_VERSION = 1;

    private final BinaryClassification binary;
    private final MulticlassClassification multiclass;
    private final RegressionErrors regression;

    public RealizedPerformance() {
        this(new BinaryClassification(), new MulticlassClassification(), new RegressionErrors());
    }

    private RealizedPerformance(BinaryClassification binary, MulticlassClassification multiclass,
                                RegressionErrors regression) {
        this.binary = binary;
        this.multiclass = multiclass;
        this.regression = regression;
    }

    public BinaryClassification binary() {
        return binary;
    }

    public MulticlassClassification multiclass() {
        return multiclass;
    }

    public RegressionErrors regression() {
        return regression;
    }

    public void merge(RealizedPerformance other) {
        binary.merge(other.binary);
        multiclass.merge(other.multiclass);
        regression.merge(other.regression);
    }

    public long labelled() {
        return binary.count() + multiclass.count() + regression.count();
    }

    /** Every metric of the window; NaN where undefined, {@link PerformanceMetrics#NONE} without labels. */
    public PerformanceMetrics metrics() {
        PerformanceMetrics classification = binary.count() >= multiclass.count() ? binary.metrics()
                : multiclass.metrics();
        PerformanceMetrics errors = regression.metrics();
        return new PerformanceMetrics(classification.accuracy(), classification.precision(), classification.recall(),
                classification.f1(), classification.logLoss(), classification.auc(), classification.aucErrorBound(),
                classification.ece(), errors.mae(), errors.rmse(), errors.mape(), labelled());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            binary.writeTo(out);
            multiclass.writeTo(out);
            regression.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RealizedPerformance fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IOException("unknown RealizedPerformance format version " + version);
            }
            return new RealizedPerformance(BinaryClassification.readFrom(in), MulticlassClassification.readFrom(in),
                    RegressionErrors.readFrom(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
