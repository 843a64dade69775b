package io.driftwatch.trainer.train;

import java.util.Map;

/**
 * Reads artifact bytes by the format name recorded in the registry. A new {@link ModelTrainer}
 * with its own artifact format registers its reader here.
 */
public final class ArtifactFormats {
    private interface Reader {
        ScoringModel read(byte[] bytes) throws ArtifactException;
    }

    private static final Map<String, Reader> READERS = Map.of(LinearModel.FORMAT, LinearModel::read);

    private ArtifactFormats() {}

    public static ScoringModel read(String format, byte[] bytes) throws ArtifactException {
        Reader reader = READERS.get(format);
        if (reader == null) {
            throw new ArtifactException("unknown artifact format '" + format + "' (this trainer reads " + READERS.keySet() + ")");
        }
        return reader.read(bytes);
    }
}
