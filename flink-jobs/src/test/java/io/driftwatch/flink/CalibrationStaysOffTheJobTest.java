package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.calibration.Calibrator;
import io.driftwatch.core.calibration.NullSimulation;
import io.driftwatch.core.calibration.SketchRandomness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job reads calibrated thresholds from baselines but never calibrates: calibration reseeds
 * DataSketches' JVM-wide KLL random source ({@link SketchRandomness}), which would make the job's
 * window sketches depend on other threads' timing, and it costs seconds per feature.
 */
class CalibrationStaysOffTheJobTest {
    @Test
    void noClassOfTheJobRefersToCalibrationOrSketchReseeding() throws Exception {
        Path classes = Path.of(DriftJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> forbidden = Stream.of(SketchRandomness.class, Calibrator.class, NullSimulation.class)
                .map(type -> type.getName().replace('.', '/')).toList();
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
            assertThat(classFiles).as("compiled classes of flink-jobs under %s", classes).isNotEmpty();
            for (Path file : classFiles) {
                String constants = read(file);
                assertThat(forbidden).as(classes.relativize(file).toString())
                        .noneMatch(constants::contains);
            }
        }
    }

    /** The class file as ISO-8859-1 text: class references appear verbatim in its constant pool. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
