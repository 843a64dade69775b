package io.driftwatch.core.alert;

import java.util.Optional;

/**
 * The alert life cycle, as a pure function of (rule, state, this window): OK → PENDING → FIRING after
 * N consecutive breaching windows → RESOLVED after M consecutive clean windows (back to OK). Only
 * transitions are published. While FIRING, a worse level (WARNING → CRITICAL) is published again as
 * FIRING so receivers can escalate; a milder one is not, to avoid flapping between severities.
 *
 * <p>Deterministic: same inputs, same outputs, no clock. Windows must be fed in event-time order per
 * series (the job evaluates a window once its watermark has passed).
 */
public final class AlertStateMachine {
    private AlertStateMachine() {}

    /** One window's verdict for a series. */
    public record Observation(Level level, double value, double threshold, long windowStart, long windowEnd) {}

    /** The next state, and the transition to publish if any. */
    public record Step(AlertState state, Optional<Transition> transition) {}

    public static Step step(AlertRule rule, AlertState state, Observation window) {
        boolean breach = window.level().isBreach();
        return switch (state.phase()) {
            case OK -> breach ? startEpisode(rule, window) : new Step(AlertState.INITIAL, Optional.empty());
            case PENDING -> breach ? continuePending(rule, state, window) : new Step(AlertState.INITIAL, Optional.empty());
            case FIRING -> breach ? stillFiring(state, window) : cooling(rule, state, window);
        };
    }

    private static Step startEpisode(AlertRule rule, Observation window) {
        AlertState pending = new AlertState(AlertState.Phase.PENDING, 1, 0, Level.OK, window.windowEnd());
        return rule.firingAfter() == 1 ? fire(pending, window) : new Step(pending, Optional.empty());
    }

    private static Step continuePending(AlertRule rule, AlertState state, Observation window) {
        AlertState next = new AlertState(AlertState.Phase.PENDING, state.breachStreak() + 1, 0, Level.OK,
                state.startedAt());
        return next.breachStreak() >= rule.firingAfter() ? fire(next, window) : new Step(next, Optional.empty());
    }

    private static Step stillFiring(AlertState state, Observation window) {
        AlertState next = new AlertState(AlertState.Phase.FIRING, state.breachStreak() + 1, 0,
                state.firedLevel().worst(window.level()), state.startedAt());
        if (window.level().compareTo(state.firedLevel()) > 0) {
            return new Step(next, Optional.of(transition(Transition.Status.FIRING, window.level(), next, window)));
        }
        return new Step(next, Optional.empty());
    }

    private static Step cooling(AlertRule rule, AlertState state, Observation window) {
        int clean = state.cleanStreak() + 1;
        if (clean >= rule.resolveAfter()) {
            return new Step(AlertState.INITIAL,
                    Optional.of(transition(Transition.Status.RESOLVED, state.firedLevel(), state, window)));
        }
        return new Step(new AlertState(AlertState.Phase.FIRING, 0, clean, state.firedLevel(), state.startedAt()),
                Optional.empty());
    }

    private static Step fire(AlertState pending, Observation window) {
        AlertState firing = new AlertState(AlertState.Phase.FIRING, pending.breachStreak(), 0, window.level(),
                pending.startedAt());
        return new Step(firing, Optional.of(transition(Transition.Status.FIRING, window.level(), firing, window)));
    }

    private static Transition transition(Transition.Status status, Level level, AlertState state, Observation window) {
        return new Transition(status, level, window.value(), window.threshold(), window.windowStart(),
                window.windowEnd(), state.startedAt());
    }
}
