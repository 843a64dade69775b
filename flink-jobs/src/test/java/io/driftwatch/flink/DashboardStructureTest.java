package io.driftwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the Grafana dashboards that Grafana itself would only report when loading them
 * (it cannot be installed here): unique ids, datasources that the provisioning defines, variables
 * that exist, links that lead somewhere. What the queries return is checked against real data in
 * {@link DriftJobEndToEndTest#everyDashboardQueryRunsOnTheJobsDataAndFindsIt()}.
 */
class DashboardStructureTest {
    private static final Path FOLDER = Path.of("../dashboards");
    /** Grafana's own macros and the series-alias placeholders, which are not dashboard variables. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
    private static final Set<String> BUILT_IN = Set.of("timeFilter", "__interval");

    private static final Map<String, JsonNode> DASHBOARDS = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(FOLDER, "*.json")) {
            for (Path file : files) {
                DASHBOARDS.put(file.getFileName().toString(), json.readTree(file.toFile()));
            }
        }
    }

    @Test
    void theFleetModelFeatureAndEngineDashboardsExistWithUniqueUids() {
        List<String> uids = DASHBOARDS.values().stream().map(d -> d.path("uid").asText()).toList();
        assertThat(uids).containsExactlyInAnyOrder("driftwatch-fleet", "driftwatch-model", "driftwatch-feature",
                "driftwatch-engine");
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        DASHBOARDS.forEach((name, dashboard) -> {
            List<Integer> ids = new ArrayList<>();
            dashboard.path("panels").forEach(panel -> ids.add(panel.path("id").asInt()));
            assertThat(ids).as(name).doesNotHaveDuplicates().doesNotContain(0);
        });
    }

    @Test
    void everyDatasourceReferenceIsTheProvisionedInfluxDb() throws IOException {
        JsonNode provisioning = new YAMLMapper().readTree(FOLDER.resolve("provisioning/datasources/influxdb.yaml").toFile());
        Set<String> provisioned = new HashSet<>();
        provisioning.path("datasources").forEach(ds -> provisioned.add(ds.path("uid").asText()));
        DASHBOARDS.forEach((name, dashboard) -> dashboard.findValues("datasource").forEach(ref -> {
            String uid = ref.path("uid").asText();
            if (!ref.path("type").asText().equals("grafana")) {
                assertThat(provisioned).as("%s: datasource %s", name, ref).contains(uid);
            }
        }));
    }

    @Test
    void everyVariableUsedInAQueryIsDefined() {
        DASHBOARDS.forEach((name, dashboard) -> {
            Set<String> defined = new HashSet<>();
            dashboard.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            for (String query : dashboard.findValuesAsText("query")) {
                Matcher matcher = VARIABLE.matcher(query);
                while (matcher.find()) {
                    String variable = matcher.group(1);
                    if (!BUILT_IN.contains(variable)) {
                        assertThat(defined).as("%s: $%s in %s", name, variable, query).contains(variable);
                    }
                }
            }
        });
    }

    @Test
    void dashboardLinksLeadToDashboardsThatExist() {
        Set<String> uids = new HashSet<>();
        DASHBOARDS.values().forEach(d -> uids.add(d.path("uid").asText()));
        Pattern link = Pattern.compile("^/d/([\\w-]+)");
        DASHBOARDS.forEach((name, dashboard) -> dashboard.path("links").forEach(l -> {
            Matcher matcher = link.matcher(l.path("url").asText());
            assertThat(matcher.find()).as("%s: link %s", name, l).isTrue();
            assertThat(uids).as("%s: link %s", name, l).contains(matcher.group(1));
        }));
    }

    @Test
    void provisioningLoadsTheDashboardFolder() throws IOException {
        JsonNode provider = new YAMLMapper().readTree(FOLDER.resolve("provisioning/dashboards/driftwatch.yaml").toFile());
        assertThat(provider.path("providers").get(0).path("type").asText()).isEqualTo("file");
        assertThat(provider.path("providers").get(0).path("options").path("path").asText())
                .isEqualTo("/var/lib/grafana/dashboards/driftwatch");
    }
}
