package io.driftwatch.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.alert.AlertStateMachine.Observation;
import io.driftwatch.core.alert.AlertStateMachine.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {
    private static final Threshold PSI = Threshold.above(0.1, 0.25);

    /** Feeds one value per window (window i spans [i*10, i*10+10)) and returns what was published. */
    private static List<Transition> run(AlertRule rule, double... values) {
        AlertState state = AlertState.INITIAL;
        List<Transition> published = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Level level = PSI.level(values[i]);
            Step step = AlertStateMachine.step(rule, state, new Observation(level, values[i], PSI.limitFor(level),
                    i * 10L, i * 10L + 10));
            step.transition().ifPresent(published::add);
            state = step.state();
        }
        return published;
    }

    @Test
    void firesOnlyAfterNConsecutiveBreachingWindows() {
        assertThat(run(new AlertRule(3, 2), 0.2, 0.2, 0.0, 0.2, 0.2)).isEmpty();
        List<Transition> fired = run(new AlertRule(3, 2), 0.2, 0.2, 0.2);
        assertThat(fired).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(Transition.Status.FIRING);
            assertThat(t.level()).isEqualTo(Level.WARNING);
            assertThat(t.threshold()).isEqualTo(0.1);
            assertThat(t.startedAt()).isEqualTo(10L);
            assertThat(t.windowEnd()).isEqualTo(30L);
        });
    }

    @Test
    void resolvesOnlyAfterMConsecutiveCleanWindows() {
        List<Transition> published = run(new AlertRule(1, 3), 0.3, 0.0, 0.0, 0.3, 0.0, 0.0, 0.0);
        assertThat(published).extracting(Transition::status)
                .containsExactly(Transition.Status.FIRING, Transition.Status.RESOLVED);
        assertThat(published.get(1).windowEnd()).isEqualTo(70L);
        assertThat(published.get(1).level()).isEqualTo(Level.CRITICAL);
        assertThat(published.get(1).startedAt()).isEqualTo(10L);
    }

    @Test
    void escalationIsPublishedButDeescalationIsNot() {
        List<Transition> published = run(new AlertRule(1, 1), 0.15, 0.3, 0.15, 0.3, 0.0);
        assertThat(published).extracting(Transition::status, Transition::level).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Transition.Status.FIRING, Level.WARNING),
                org.assertj.core.groups.Tuple.tuple(Transition.Status.FIRING, Level.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(Transition.Status.RESOLVED, Level.CRITICAL));
    }

    @Test
    void undefinedMetricIsNotABreach() {
        assertThat(PSI.level(Double.NaN)).isEqualTo(Level.OK);
        assertThat(run(new AlertRule(1, 1), Double.NaN, Double.NaN)).isEmpty();
    }

    @Test
    void lowerIsWorseThresholdsBreachBelow() {
        Threshold accuracy = Threshold.below(0.9, 0.8);
        assertThat(accuracy.level(0.95)).isEqualTo(Level.OK);
        assertThat(accuracy.level(0.85)).isEqualTo(Level.WARNING);
        assertThat(accuracy.level(0.8)).isEqualTo(Level.CRITICAL);
    }

    @Test
    void fingerprintIsStableAndDistinguishesEachPart() {
        String a = AlertFingerprint.of("fraud", "v1", "age", "psi");
        assertThat(a).hasSize(16).isEqualTo(AlertFingerprint.of("fraud", "v1", "age", "psi"));
        assertThat(a).isNotEqualTo(AlertFingerprint.of("fraud", "v2", "age", "psi"))
                .isNotEqualTo(AlertFingerprint.of("fraud", "v1", "age", "ks"))
                .isNotEqualTo(AlertFingerprint.of("fraud", "v1", null, "psi"));
        assertThat(AlertFingerprint.of("a", "bc", "", "m")).isNotEqualTo(AlertFingerprint.of("ab", "c", "", "m"));
    }
}
