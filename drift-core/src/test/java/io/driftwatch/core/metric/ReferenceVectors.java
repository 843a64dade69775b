package io.driftwatch.core.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * The SciPy reference vectors of {@code shared/vectors} (see its README): every case of
 * {@code index.json} with its expected values, samples read lazily and cached.
 */
final class ReferenceVectors {
    private static final Path ROOT = Path.of(System.getProperty("driftwatch.vectors", "../../shared/vectors"));
    private static final JsonNode INDEX = readIndex();
    private static final Map<String, List<String>> FILES = new ConcurrentHashMap<>();

    private ReferenceVectors() {}

    /** One case: its id, kind and {@code expected} block, with access to its two samples. */
    record Case(String id, String kind, JsonNode entry) {
        JsonNode expected() {
            return entry.get("expected");
        }

        double[] reference() {
            return numbers(entry.get("ref_file").asText());
        }

        double[] current() {
            return numbers(entry.get("cur_file").asText());
        }

        Map<String, Long> referenceCounts() {
            return categoryCounts(entry.get("ref_file").asText());
        }

        Map<String, Long> currentCounts() {
            return categoryCounts(entry.get("cur_file").asText());
        }

        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Case> numericCases() {
        return cases("numeric");
    }

    static Stream<Case> categoricalCases() {
        return cases("categorical");
    }

    static Stream<Case> allCases() {
        return Stream.concat(numericCases(), categoricalCases());
    }

    static Case byId(String id) {
        return allCases().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no reference case " + id));
    }

    static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    static long[] longs(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }

    private static Stream<Case> cases(String kind) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode entry : INDEX.get("cases")) {
            if (entry.get("kind").asText().equals(kind)) {
                cases.add(new Case(entry.get("id").asText(), kind, entry));
            }
        }
        return cases.stream();
    }

    private static double[] numbers(String file) {
        return lines(file).stream().mapToDouble(Double::parseDouble).toArray();
    }

    private static Map<String, Long> categoryCounts(String file) {
        Map<String, Long> counts = new TreeMap<>();
        lines(file).forEach(category -> counts.merge(category, 1L, Long::sum));
        return counts;
    }

    /** Data lines of a one-column CSV, header dropped; {@code .csv.gz} files are gunzipped. */
    private static List<String> lines(String file) {
        return FILES.computeIfAbsent(file, f -> {
            Path path = ROOT.resolve(f);
            try (InputStream raw = Files.newInputStream(path);
                    InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().skip(1).filter(line -> !line.isEmpty()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read reference vector file " + path, e);
            }
        });
    }

    private static JsonNode readIndex() {
        Path index = ROOT.resolve("index.json");
        try {
            return new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index.toAbsolutePath()
                    + "; set -Ddriftwatch.vectors to the shared/vectors directory", e);
        }
    }
}
