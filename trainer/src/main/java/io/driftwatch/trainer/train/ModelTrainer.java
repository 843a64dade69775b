package io.driftwatch.trainer.train;

import java.util.List;
import java.util.Map;

import io.driftwatch.trainer.data.LabelledRow;

/**
 * Trains a binary classifier. Implementations must be deterministic: the same rows (in the same
 * canonical order), hyper-parameters and seed give a model with the same artifact bytes.
 */
public interface ModelTrainer {
    /** The trainer's name as written in the configuration, e.g. {@code logistic_regression}. */
    String name();

    /** Hyper-parameters as recorded in the registry (the seed is recorded apart). */
    Map<String, String> hyperParameters();

    long seed();

    /** Libraries and their versions that shaped the model, recorded for lineage. */
    Map<String, String> libraryVersions();

    /** Trains on {@code rows}; every row's label is {@code positiveClass} or the one other class. */
    ScoringModel train(List<LabelledRow> rows, String positiveClass);
}
