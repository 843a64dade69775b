package io.driftwatch.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CategoricalProfileTest {
    private static final Set<String> KNOWN = Set.of("DE", "FR", "IT");

    @Test
    void countsKnownUnseenAndMissing() {
        CategoricalProfile profile = CategoricalProfile.create(KNOWN, 10);
        for (String value : new String[] {"DE", "DE", "FR", "XX", null}) {
            profile.add(value);
        }
        assertThat(profile.counts()).containsEntry("DE", 2L).containsEntry("FR", 1L).containsEntry("XX", 1L);
        assertThat(profile.unseen()).isEqualTo(1);
        assertThat(profile.missing()).isEqualTo(1);
        assertThat(profile.count()).isEqualTo(4);
    }

    @Test
    void floodOfNewCategoriesIsCappedButStillCountedAsUnseen() {
        CategoricalProfile profile = CategoricalProfile.create(KNOWN, 5);
        for (int i = 0; i < 100_000; i++) {
            profile.add("random-" + i);
        }
        profile.add("DE");
        assertThat(profile.counts()).hasSize(6);
        assertThat(profile.counts()).containsEntry("DE", 1L);
        assertThat(profile.unseen()).isEqualTo(100_000);
        assertThat(profile.overflow()).isEqualTo(100_000 - 5);
        assertThat(profile.toBytes().length).isLessThan(512);
    }

    @Test
    void mergedPartsEqualTheWholeWhenUnderTheCap() {
        CategoricalProfile whole = CategoricalProfile.create(KNOWN, 10);
        CategoricalProfile left = CategoricalProfile.create(KNOWN, 10);
        CategoricalProfile right = CategoricalProfile.create(KNOWN, 10);
        String[] values = {"DE", "FR", "XX", null, "IT", "DE", "YY", "XX"};
        for (int i = 0; i < values.length; i++) {
            whole.add(values[i]);
            (i % 3 == 0 ? left : right).add(values[i]);
        }
        left.merge(right);
        assertThat(left).isEqualTo(whole);
    }

    @Test
    void serialisationRoundTrips() {
        CategoricalProfile profile = CategoricalProfile.create(KNOWN, 2);
        for (String value : new String[] {"DE", "ü-ñ", "XX", "YY", "ZZ", null}) {
            profile.add(value);
        }
        CategoricalProfile restored = CategoricalProfile.fromBytes(profile.toBytes());
        assertThat(restored).isEqualTo(profile);
        assertThat(restored.unseen()).isEqualTo(4);
        restored.add("QQ");
        assertThat(restored.overflow()).isEqualTo(3);
    }
}
