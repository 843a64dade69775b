package io.driftwatch.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.BaselineCalibration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class BaselineCalibrationSchemaTest {
    private static final Baseline BASELINE = CalibrationFixtures.baseline(CalibrationFixtures.training());

    @Test
    void calibratedBaselineRoundTrips() throws IOException {
        BaselineCalibration calibration = Calibrator.calibrate(BASELINE, CalibrationFixtures.training(),
                CalibrationFixtures.monthlyTarget(1000), new NullSampling(500, 200, 1));
        Baseline calibrated = Baseline.newBuilder(BASELINE).setCalibration(calibration).build();

        Baseline decoded = read(write(calibrated, new SpecificDatumWriter<Baseline>(Baseline.class)), Baseline.getClassSchema());

        assertThat(decoded).isEqualTo(calibrated);
        assertThat(decoded.getCalibration().getThresholds()).hasSize(8);
    }

    @Test
    void baselineWrittenBeforeCalibrationExistedDecodesWithoutIt() throws IOException {
        // The Baseline schema as committed before the calibration field was added.
        Schema v0;
        try (InputStream in = getClass().getResourceAsStream("/history/Baseline-v0.avsc")) {
            v0 = new Schema.Parser().parse(in);
        }
        assertThat(v0.getField("calibration")).isNull();

        Baseline decoded = read(write(BASELINE, new SpecificDatumWriter<Baseline>(v0)), v0);

        assertThat(decoded.getCalibration()).isNull();
        assertThat(decoded.getNumericFeatures()).isEqualTo(BASELINE.getNumericFeatures());
        assertThat(CalibratedThresholds.of(decoded).isCalibrated()).isFalse();
        assertThat(List.of(decoded.getModelId(), decoded.getModelVersion())).containsExactly("model", "v1");
    }

    private static byte[] write(Baseline baseline, DatumWriter<? super Baseline> writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(baseline, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Baseline read(byte[] bytes, Schema writerSchema) throws IOException {
        return new SpecificDatumReader<Baseline>(writerSchema, Baseline.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
