package io.driftwatch.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with a header row into a {@link Dataset}.
 *
 * <p>A column given a {@link ColumnKind} is read as that kind (a cell that is not a finite number in a
 * numeric column is an error naming its line); any other column is numeric when every non-missing
 * cell parses as a finite double, otherwise categorical. Missing cells: empty, {@code NA}, {@code NaN},
 * {@code null} (case-insensitive), what pandas and R write. Files ending in {@code .gz} are
 * decompressed. Every error names the file and the line.
 */
public final class CsvDatasetReader {
    private static final Set<String> MISSING = Set.of("", "na", "nan", "null", "none");

    private CsvDatasetReader() {}

    public static Dataset read(Path file, Map<String, ColumnKind> kinds) throws DatasetException {
        List<String> header;
        List<List<String>> cells = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             Reader reader = new InputStreamReader(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw,
                     StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new DatasetException(file + ": empty file, expected a header row");
            }
            Set<String> unique = new HashSet<>();
            for (String name : header) {
                if (name.isBlank() || !unique.add(name)) {
                    throw new DatasetException(file + ":1: " + (name.isBlank() ? "empty" : "duplicate")
                            + " column name '" + name + "'");
                }
            }
            for (String name : kinds.keySet()) {
                if (!unique.contains(name)) {
                    throw new DatasetException(file + ": no column '" + name + "' (the file has columns " + header + ")");
                }
            }
            for (CSVRecord record : parser) {
                if (record.size() != header.size()) {
                    throw new DatasetException(file + ":" + record.getParser().getCurrentLineNumber() + ": "
                            + record.size() + " fields, expected " + header.size() + " as in the header");
                }
                cells.add(record.toList());
                lines.add(record.getParser().getCurrentLineNumber());
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new DatasetException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
        if (cells.isEmpty()) {
            throw new DatasetException(file + ": no data rows after the header");
        }
        List<FeatureColumn> columns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            ColumnKind kind = kinds.get(name);
            FeatureColumn column = kind == ColumnKind.CATEGORICAL ? categorical(name, c, cells) : numeric(name, c, cells);
            if (column == null && kind == ColumnKind.NUMERIC) {
                int row = firstNonNumericRow(cells, c);
                throw new DatasetException(file + ":" + lines.get(row) + ": column '" + name + "' is numeric but '"
                        + abbreviate(cells.get(row).get(c)) + "' is not a finite number");
            }
            columns.add(column == null ? categorical(name, c, cells) : column);
        }
        return new Dataset(file.toString(), columns);
    }

    private static FeatureColumn.Numeric numeric(String name, int index, List<List<String>> cells) {
        double[] numbers = parseNumeric(cells, index);
        return numbers == null ? null : new FeatureColumn.Numeric(name, numbers);
    }

    private static int firstNonNumericRow(List<List<String>> cells, int index) {
        for (int r = 0; r < cells.size(); r++) {
            if (parseNumeric(List.of(cells.get(r)), index) == null) {
                return r;
            }
        }
        throw new IllegalStateException("column " + index + " is numeric");
    }

    private static FeatureColumn.Categorical categorical(String name, int index, List<List<String>> cells) {
        String[] values = new String[cells.size()];
        for (int r = 0; r < values.length; r++) {
            String cell = cells.get(r).get(index);
            values[r] = isMissing(cell) ? null : cell;
        }
        return new FeatureColumn.Categorical(name, values);
    }

    /** The column as doubles, or null if any present cell is not a finite number. */
    private static double[] parseNumeric(List<List<String>> cells, int index) {
        double[] values = new double[cells.size()];
        for (int r = 0; r < values.length; r++) {
            String cell = cells.get(r).get(index);
            if (isMissing(cell)) {
                values[r] = Double.NaN;
                continue;
            }
            try {
                values[r] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(values[r])) {
                return null;
            }
        }
        return values;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static boolean isMissing(String cell) {
        return MISSING.contains(cell.toLowerCase(Locale.ROOT));
    }
}
