package io.driftwatch.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class SketchRandomnessTest {
    /** Stand-ins for a datasketches-java that moved the field. */
    static final class Renamed {
        @SuppressWarnings("unused")
        private static final java.util.Random RNG = new java.util.Random();
    }

    static final class OtherType {
        @SuppressWarnings("unused")
        private static final Object random = new Object();
    }

    @Test
    void reseedingMakesKllCompactionRepeatable() {
        SketchRandomness.reseed(5);
        byte[] first = sketch().toByteArray();
        SketchRandomness.reseed(5);
        byte[] again = sketch().toByteArray();
        SketchRandomness.reseed(6);
        byte[] otherSeed = sketch().toByteArray();

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void aMissingOrChangedFieldFailsLoudlyNamingTheLibrary() {
        assertThatThrownBy(() -> SketchRandomness.kllRandom(Renamed.class, SketchRandomness.FIELD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the field does not exist")
                .hasMessageContaining("datasketches-java 6.2").hasMessageContaining("not be reproducible");
        assertThatThrownBy(() -> SketchRandomness.kllRandom(OtherType.class, SketchRandomness.FIELD))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a static java.util.Random");
    }

    /** 50 000 values through a small KLL sketch: many compactions, each drawing a random bit. */
    private static KllDoublesSketch sketch() {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(50);
        SplittableRandom values = new SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) {
            sketch.update(values.nextDouble());
        }
        return sketch;
    }
}
