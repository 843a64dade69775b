package io.driftwatch.core.baseline;

import io.driftwatch.events.Baseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Baselines on disk: an Avro object container file holding one {@link Baseline} record, readable by
 * any Avro tool ({@code avro-tools tojson baseline.avro}) because the file carries its schema.
 */
public final class BaselineFiles {
    private BaselineFiles() {}

    public static void write(Baseline baseline, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (DataFileWriter<Baseline> writer = new DataFileWriter<>(new SpecificDatumWriter<>(Baseline.class))) {
            writer.create(Baseline.getClassSchema(), file.toFile());
            writer.append(baseline);
        }
    }

    /** Reads the baseline in {@code file}; errors name the file. */
    public static Baseline read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file + ": no such file");
        }
        try (DataFileReader<Baseline> reader = new DataFileReader<>(file.toFile(),
                new SpecificDatumReader<>(Baseline.class))) {
            if (!reader.hasNext()) {
                throw new IOException(file + ": the file holds no baseline record");
            }
            return reader.next();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
                throw io;
            }
            throw new IOException(file + ": not a driftwatch baseline file (" + e.getMessage() + ")", e);
        }
    }
}
