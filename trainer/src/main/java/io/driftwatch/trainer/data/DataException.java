package io.driftwatch.trainer.data;

/** The data for a training cannot be used; {@link #problem()} says how, the message says why. */
public final class DataException extends Exception {
    /** How data fails a training: nothing there, not enough of it, or not readable as labelled rows. */
    public enum Problem { EMPTY, TOO_LITTLE, INVALID }

    private final Problem problem;

    public DataException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public DataException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
