package io.driftwatch.trainer.train;

import io.driftwatch.trainer.data.LabelledRow;

/**
 * A trained binary classifier as the trainer, the registry and model services see it: it scores a
 * row and writes itself as artifact bytes that {@link ArtifactFormats} reads back.
 */
public interface ScoringModel {
    /** The artifact format name, stored in the registry metadata to pick the reader. */
    String format();

    /** The class whose probability {@link #score} returns. */
    String positiveClass();

    /** The probability of the positive class for {@code row}, in [0, 1]. */
    double score(LabelledRow row);

    /** The model's canonical bytes: equal models give equal bytes, and nothing time- or host-dependent is inside. */
    byte[] toArtifact();
}
