package io.driftwatch.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every InfluxQL query of the Grafana dashboards in a folder: panels, annotations and variables. */
final class DashboardQueries {
    /** Measurements of the performance stage, which the drift end-to-end test's traffic does not feed. */
    private static final Set<String> NOT_IN_DRIFT_TEST = Set.of("performance", "latency");
    /** Fields written only when something went wrong, so an empty answer is the healthy one. */
    private static final List<String> ONLY_ON_TROUBLE = List.of("events_after_cleanup", "events_superseded_baseline",
            "events_evaluation_failed");
    private static final Pattern MEASUREMENT = Pattern.compile("FROM \"(\\w+)\"");

    private DashboardQueries() {}

    /** One query and where it stands (file, panel title or variable name). */
    record Query(String where, String influxQl) {
        /** Whether this query may rightly find nothing in the drift end-to-end test's data. */
        boolean mayBeEmpty() {
            return NOT_IN_DRIFT_TEST.contains(measurement()) || ONLY_ON_TROUBLE.stream().anyMatch(influxQl::contains);
        }

        String measurement() {
            Matcher matcher = MEASUREMENT.matcher(influxQl);
            String last = "";
            while (matcher.find()) {
                last = matcher.group(1);
            }
            return last;
        }

        /** Grafana's macros and the dashboard variables filled in as Grafana would, for [from, to) in epoch ms. */
        String withVariables(Map<String, String> variables, long from, long to) {
            String filled = influxQl.replace("$timeFilter", "time >= " + from + "ms AND time < " + to + "ms")
                    .replace("$__interval", "1m");
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                filled = filled.replace("$" + variable.getKey(), variable.getValue());
            }
            return filled;
        }
    }

    static List<Query> load(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Query> queries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                JsonNode dashboard = json.readTree(file.toFile());
                String name = file.getFileName().toString();
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new Query(name + " panel '" + panel.path("title").asText() + "'",
                                target.path("query").asText()));
                    }
                }
                for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                    if (annotation.has("query")) {
                        queries.add(new Query(name + " annotation '" + annotation.path("name").asText() + "'",
                                annotation.path("query").asText()));
                    }
                }
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    queries.add(new Query(name + " variable '" + variable.path("name").asText() + "'",
                            variable.path("query").asText()));
                }
            }
        }
        return queries;
    }
}
