package io.driftwatch.alerting.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Silences kept in a YAML file (a list of {@code id, matchers, starts_at, ends_at, created_by,
 * comment}), written by {@code alerting silence add|expire} and re-read by the running service
 * whenever the file changes. Writes go to a temporary file that is then moved over the old one, so
 * the service never reads half a file.
 */
public final class SilenceFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path path;
    private FileTime lastRead;
    private List<Silence> silences = List.of();

    public SilenceFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** All silences in the file (none if it does not exist yet). */
    public List<Silence> read() {
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            JsonNode document = YAML.readTree(path.toFile());
            List<Silence> result = new ArrayList<>();
            if (document == null || document.isNull() || document.isMissingNode()) {
                return result;
            }
            if (!document.isArray()) {
                throw new IllegalArgumentException(path + ": must be a YAML list of silences");
            }
            for (int i = 0; i < document.size(); i++) {
                result.add(parse(document.get(i), path + "[" + i + "]"));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read silences " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The current silences, re-reading the file only when its modification time changed. A file
     * that fails to parse keeps the previous silences in force (the error is thrown for logging).
     */
    public synchronized List<Silence> current() {
        try {
            FileTime modified = Files.exists(path) ? Files.getLastModifiedTime(path) : FileTime.fromMillis(0);
            if (!modified.equals(lastRead)) {
                silences = read();
                lastRead = modified;
            }
            return silences;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read silences " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(List<Silence> all) {
        ArrayNode list = YAML.createArrayNode();
        for (Silence silence : all) {
            ObjectNode node = list.addObject();
            node.put("id", silence.id());
            ArrayNode matchers = node.putArray("matchers");
            silence.matchers().forEach(matcher -> matchers.add(matcher.toString()));
            node.put("starts_at", silence.startsAt().toString());
            node.put("ends_at", silence.endsAt().toString());
            node.put("created_by", silence.createdBy());
            node.put("comment", silence.comment());
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, ".silences", ".tmp");
            YAML.writeValue(temporary.toFile(), list);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write silences " + path + ": " + e.getMessage(), e);
        }
    }

    private static Silence parse(JsonNode node, String where) {
        try {
            List<Matcher> matchers = new ArrayList<>();
            node.path("matchers").forEach(text -> matchers.add(Matcher.parse(text.asText())));
            return new Silence(required(node, "id", where), matchers,
                    Instant.parse(required(node, "starts_at", where)), Instant.parse(required(node, "ends_at", where)),
                    node.path("created_by").asText(""), node.path("comment").asText(""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String key, String where) {
        if (!node.hasNonNull(key)) {
            throw new IllegalArgumentException(where + "." + key + " is required");
        }
        return node.get(key).asText();
    }
}
