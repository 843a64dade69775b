package io.driftwatch.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.data.CsvDatasetReader;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.DatasetException;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.LabelledExample;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.registry.Hashing;

/**
 * Reads labelled rows from files, for models trained offline and for bootstrapping a first version:
 * CSV with a header row (a label column, an optional timestamp column of epoch milliseconds or
 * ISO-8601 instants, every other column not excluded is a feature, typed as drift-core's CSV reader
 * types it) or Avro container files of {@link LabelledExample} ({@code .avro}). Without a timestamp
 * column the file's row order is its time order (the last rows are the newest).
 */
public final class FileDataReader {
    private final ModelConfig.DataSource settings;

    public FileDataReader(ModelConfig.DataSource settings) {
        this.settings = settings;
    }

    /** All rows of the files, or only those with event time in {@code [from, to)} when a range is given. */
    public LabelledData read(List<Path> files, Optional<Instant> from, Optional<Instant> to) throws DataException {
        List<LabelledRow> rows = new ArrayList<>();
        List<DataReference.FileRef> refs = new ArrayList<>();
        for (Path file : files) {
            try {
                refs.add(new DataReference.FileRef(file.toAbsolutePath().normalize().toString(), Hashing.sha256(file)));
            } catch (IOException e) {
                throw new DataException(DataException.Problem.INVALID, file + ": cannot read (" + e.getMessage() + ")", e);
            }
            List<LabelledRow> read = file.getFileName().toString().endsWith(".avro") ? avro(file) : csv(file);
            for (LabelledRow row : read) {
                boolean inRange = from.map(f -> row.timestamp() >= f.toEpochMilli()).orElse(true)
                        && to.map(t -> row.timestamp() < t.toEpochMilli()).orElse(true);
                if (inRange) {
                    rows.add(row);
                }
            }
        }
        return new LabelledData(rows, new DataReference.FileSet(refs, from.orElse(Instant.EPOCH),
                to.orElse(Instant.ofEpochMilli(Long.MAX_VALUE))));
    }

    private List<LabelledRow> csv(Path file) throws DataException {
        Map<String, ColumnKind> kinds = new HashMap<>();
        kinds.put(settings.labelColumn(), ColumnKind.CATEGORICAL);
        settings.timestampColumn().ifPresent(column -> kinds.put(column, ColumnKind.CATEGORICAL));
        Dataset dataset;
        try {
            dataset = CsvDatasetReader.read(file, kinds);
        } catch (DatasetException e) {
            throw new DataException(DataException.Problem.INVALID, e.getMessage(), e);
        }
        String[] labels = ((FeatureColumn.Categorical) dataset.column(settings.labelColumn()).orElseThrow()).values();
        Optional<String[]> times = settings.timestampColumn()
                .map(column -> ((FeatureColumn.Categorical) dataset.column(column).orElseThrow()).values());
        List<FeatureColumn> features = dataset.columns().stream()
                .filter(c -> !c.name().equals(settings.labelColumn())
                        && !settings.timestampColumn().map(c.name()::equals).orElse(false)
                        && !settings.excludeColumns().contains(c.name()))
                .toList();
        String name = file.getFileName().toString();
        int width = String.valueOf(dataset.rows()).length();
        List<LabelledRow> rows = new ArrayList<>();
        for (int r = 0; r < dataset.rows(); r++) {
            if (labels[r] == null) {
                continue;
            }
            long timestamp = times.isPresent() ? timestamp(file, r, times.get()[r]) : 0L;
            Map<String, Double> numeric = new HashMap<>();
            Map<String, String> categorical = new HashMap<>();
            for (FeatureColumn column : features) {
                if (column instanceof FeatureColumn.Numeric n) {
                    numeric.put(n.name(), n.values()[r]);
                } else {
                    categorical.put(column.name(), ((FeatureColumn.Categorical) column).values()[r]);
                }
            }
            // Zero-padded row numbers keep the file's order when all timestamps are equal.
            String eventId = name + "#" + String.format("%0" + width + "d", r + 1);
            rows.add(LabelledRow.of(eventId, timestamp, numeric, categorical, labels[r]));
        }
        return rows;
    }

    private long timestamp(Path file, int row, String text) throws DataException {
        if (text == null) {
            throw new DataException(DataException.Problem.INVALID, file + ": data row " + (row + 1)
                    + " has no value in timestamp column '" + settings.timestampColumn().orElseThrow() + "'");
        }
        try {
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new DataException(DataException.Problem.INVALID, file + ": data row " + (row + 1) + ": '" + text
                    + "' is neither epoch milliseconds nor an ISO-8601 instant");
        }
    }

    private static List<LabelledRow> avro(Path file) throws DataException {
        List<LabelledRow> rows = new ArrayList<>();
        try (DataFileReader<LabelledExample> reader = new DataFileReader<>(file.toFile(),
                new SpecificDatumReader<>(LabelledExample.class))) {
            for (LabelledExample example : reader) {
                if (example.getLabelClass() != null) {
                    rows.add(LabelledRow.of(example.getEventId(), example.getTimestamp().toEpochMilli(),
                            example.getNumericFeatures(), example.getCategoricalFeatures(), example.getLabelClass()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DataException(DataException.Problem.INVALID, file + ": not an Avro file of LabelledExample records ("
                    + e.getMessage() + ")", e);
        }
        return rows;
    }
}
