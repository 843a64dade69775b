package io.driftwatch.trainer.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.driftwatch.trainer.registry.Hashing;

/**
 * The rows of one training, in canonical order (event time, then event id), with the reference to
 * where they came from. {@link #sha256()} hashes a canonical encoding of the rows, so the same data
 * gives the same hash whatever the order it was read in.
 */
public record LabelledData(List<LabelledRow> rows, DataReference reference) {
    public static final Comparator<LabelledRow> CANONICAL_ORDER =
            Comparator.comparingLong(LabelledRow::timestamp).thenComparing(LabelledRow::eventId);

    public LabelledData {
        List<LabelledRow> sorted = new ArrayList<>(rows);
        sorted.sort(CANONICAL_ORDER);
        rows = List.copyOf(sorted);
    }

    public int size() {
        return rows.size();
    }

    /** sha256 (hex) of the rows' canonical binary form: counts, names, doubles as IEEE bits, UTF-8 strings. */
    public String sha256() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(rows.size());
            for (LabelledRow row : rows) {
                out.writeUTF(row.eventId());
                out.writeLong(row.timestamp());
                out.writeUTF(row.label());
                out.writeInt(row.numeric().size());
                for (var feature : row.numeric().entrySet()) {
                    out.writeUTF(feature.getKey());
                    out.writeLong(Double.doubleToLongBits(feature.getValue()));
                }
                out.writeInt(row.categorical().size());
                for (var feature : row.categorical().entrySet()) {
                    out.writeUTF(feature.getKey());
                    out.writeBoolean(feature.getValue() != null);
                    out.writeUTF(feature.getValue() == null ? "" : feature.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Hashing.sha256(bytes.toByteArray());
    }
}
