package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.demo.simulate.Scenario;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A short {@code driftwatch demo} (45 s of story) on the real embedded stack: broker, drift job on a
 * MiniCluster, alerting, trainer and the simulated model service. One run, several specifications
 * of what it must show; the report is then opened in headless Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRunTest {
    private Path temp;
    private DemoRun.Outcome outcome;
    private String console;

    @BeforeAll
    void playShortDemo() throws Exception {
        temp = Files.createTempDirectory("demo-run-test-");
        StringWriter output = new StringWriter();
        Optional<String> influx = Optional.ofNullable(System.getenv("INFLUX_URL")).filter(url -> !url.isBlank());
        DemoRun.Settings settings = new DemoRun.Settings(Duration.ofSeconds(45), 300, 7, Scenario.CONCEPT_DRIFT,
                temp.resolve("report.html"), influx, name -> null);
        try (PrintWriter out = new PrintWriter(output, true)) {
            outcome = new DemoRun(settings, out).run();
        }
        console = output.toString();
        System.out.println(console);
    }

    @Test
    void driftOfVersionOneFiresAlertsThatReachTheConsole() {
        assertThat(outcome.alerts()).filteredOn(a -> a.getStatus() == AlertStatus.FIRING)
                .extracting(DriftAlert::getModelVersion).isNotEmpty().allMatch("v1"::equals);
        assertThat(outcome.alerts()).filteredOn(a -> a.getStatus() == AlertStatus.FIRING)
                .extracting(DriftAlert::getFeature).contains("amount");
        assertThat(console).contains("[alert]   FIRING");
    }

    @Test
    void sustainedDriftRequestsRetrainingOfVersionOne() {
        assertThat(outcome.retrainRequests()).isNotEmpty();
        assertThat(outcome.retrainRequests().get(0).getModelVersion()).isEqualTo("v1");
        assertThat(console).contains("[retrain] request for card-fraud v1");
    }

    @Test
    void theTrainerDeploysVersionTwoAndTheModelServiceSwapsToIt() {
        assertThat(outcome.deployments()).anySatisfy(deployed -> {
            assertThat(deployed.getNewVersion()).isEqualTo("v2");
            assertThat(deployed.getPreviousVersion()).isEqualTo("v1");
        });
        assertThat(console).contains("[deploy]  card-fraud v2 in production (previous v1)")
                .contains("hot-swapped card-fraud v1 -> v2").contains("verified");
    }

    @Test
    void driftResolvesForVersionTwo() {
        assertThat(outcome.resolvedVersion()).contains("v2");
        assertThat(outcome.alerts()).filteredOn(a -> a.getModelVersion().equals("v2") && a.getStatus() == AlertStatus.FIRING)
                .isEmpty();
        assertThat(outcome.windows()).filteredOn(w -> w.version().equals("v2")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(console).contains("drift resolved: v2");
    }

    /** Version one's alerts, drift and performance, close once its traffic has moved to version two. */
    @Test
    void versionOnesDriftAlertsResolveOnceItsTrafficMovedToVersionTwo() {
        List<DriftAlert> v1 = outcome.alerts().stream().filter(a -> a.getModelVersion().equals("v1")).toList();
        List<String> fired = v1.stream().filter(a -> a.getStatus() == AlertStatus.FIRING)
                .map(DriftAlert::getFingerprint).distinct().toList();
        List<DriftAlert> resolved = v1.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).toList();
        assertThat(resolved).extracting(DriftAlert::getFingerprint).containsAll(fired);
        assertThat(resolved).anySatisfy(a -> assertThat(a.getAnnotations()).containsEntry("resolved_because", "no-traffic"));
        assertThat(console).contains("RESOLVED").contains("no traffic");
    }

    /**
     * Version one's accuracy alert (from the label-join stage, judged on settled windows) resolves by the
     * same no-traffic rule once version two's settled windows have gone on without version one.
     */
    @Test
    void versionOnesPerformanceAlertResolvesOnceItsTrafficMovedToVersionTwo() {
        List<DriftAlert> accuracy = outcome.alerts().stream()
                .filter(a -> a.getModelVersion().equals("v1") && a.getMetric().equals("accuracy")).toList();
        assertThat(accuracy).extracting(DriftAlert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(accuracy.get(1).getAnnotations()).containsEntry("resolved_because", "no-traffic");
        assertThat(console).containsPattern("RESOLVED [A-Z]+ card-fraud v1 model:accuracy no traffic");
    }

    @Test
    void theConsoleShowsATableRowPerWindow() {
        assertThat(console).contains("top features by PSI");
        assertThat(console.lines().filter(line -> line.contains(" card-fraud  v1 "))).hasSizeGreaterThan(8);
    }

    @Test
    void theReportIsWrittenAndItsPathPrinted() throws Exception {
        assertThat(outcome.report()).exists();
        assertThat(console).contains("report: " + outcome.report());
        String html = Files.readString(outcome.report());
        assertThat(html).doesNotContain("http://", "https://").contains("<svg", "v2 deployed", "drift begins");
    }

    @Test
    void theReportOpensInChromiumWithoutErrorsAndItsChartsRender() throws Exception {
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        Chromium.Page page = Chromium.load(outcome.report(), profile);

        assertThat(page.log()).doesNotContainIgnoringCase("Uncaught").doesNotContain(":ERROR:CONSOLE");
        assertThat(page.dom()).as("the script ran to its end").contains("<body class=\"interactive\">");
        assertThat(count(page.dom(), "<svg class=\"chart\"")).isGreaterThanOrEqualTo(5 + 12);
        Matcher paths = Pattern.compile("<path class=\"series\" data-series=\"([^\"]+)\" d=\"M[0-9.]+ [0-9.]+ L").matcher(page.dom());
        int drawn = 0;
        while (paths.find()) {
            drawn++;
        }
        assertThat(drawn).as("lines with at least two points").isGreaterThan(40);

        Path screenshot = Path.of("target", "demo-report.png").toAbsolutePath();
        Chromium.screenshot(outcome.report(), screenshot, profile, 1000, 2200);
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
