package io.driftwatch.demo;

import io.driftwatch.demo.observe.LiveConsole;
import io.driftwatch.demo.observe.RealizedPerformance;
import io.driftwatch.demo.observe.RunRecorder;
import io.driftwatch.demo.observe.TopicWatcher;
import io.driftwatch.demo.observe.WindowResult;
import io.driftwatch.demo.report.RunReport;
import io.driftwatch.demo.simulate.CardTransactions;
import io.driftwatch.demo.simulate.ModelService;
import io.driftwatch.demo.simulate.Scenario;
import io.driftwatch.demo.simulate.TrafficSimulator;
import io.driftwatch.demo.simulate.TrainingHistory;
import io.driftwatch.demo.stack.EmbeddedStack;
import io.driftwatch.demo.stack.StackConfigs;
import io.driftwatch.demo.stack.StackTopics;
import io.driftwatch.events.AlertStatus;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.ModelDeployed;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.config.TrainerConfig;
import io.driftwatch.trainer.deploy.Deployer;
import io.driftwatch.trainer.deploy.DeploymentPublisher;
import io.driftwatch.trainer.registry.ModelRegistry;
import io.driftwatch.trainer.registry.VersionMetadata;
import io.driftwatch.trainer.service.Bootstrap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One run of {@code driftwatch demo}: the embedded stack, a v1 of the card-fraud model bootstrapped
 * from simulated history, and the model service's traffic played in compressed event time.
 *
 * <p>The story, in one-minute windows of event time: {@value #STATIONARY_WINDOWS} stationary windows,
 * then the world drifts (per the scenario). The job's alerts fire, its retrain request reaches the
 * trainer, which trains on the labelled examples since the drift and deploys v2 if it beats v1; the
 * model service hot-swaps and the job compares v2's traffic with v2's baseline. The run lasts
 * {@value #PLANNED_WINDOWS} windows, or {@value #WINDOWS_AFTER_SWAP} windows past the swap if that is
 * later, then closes its last window, writes the HTML report and stops everything.
 */
public final class DemoRun {
    static final int STATIONARY_WINDOWS = 8;
    static final int PLANNED_WINDOWS = 24;
    static final int WINDOWS_AFTER_SWAP = 6;
    static final int MAX_WINDOWS = 40;
    static final int HISTORY_ROWS = 4_000;
    private static final Duration FINAL_WINDOW_TIMEOUT = Duration.ofSeconds(30);

    /** The demo's flags. */
    public record Settings(Duration duration, int eventsPerSecond, long seed, Scenario scenario, Path report,
                           Optional<String> influxUrl, Function<String, String> environment) {
        public Settings {
            if (duration.toSeconds() < 10) {
                throw new IllegalArgumentException("--duration must be at least 10s, was " + duration.toSeconds() + "s");
            }
            if (eventsPerSecond < 20 || eventsPerSecond > 5_000) {
                throw new IllegalArgumentException("--rate must be 20..5000 events per second, was " + eventsPerSecond);
            }
        }
    }

    /**
     * What the run produced, read from the stack's topics and the job's metrics.
     *
     * @param resolvedVersion the deployed version whose windows came back within limits, if one did
     */
    public record Outcome(List<DriftAlert> alerts, List<RetrainRequest> retrainRequests, List<ModelDeployed> deployments,
                          Optional<String> resolvedVersion, List<WindowResult> windows, Path report, boolean interrupted) {
        public long alertsFired() {
            return alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).count();
        }
    }

    private final Settings settings;
    private final PrintWriter out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public DemoRun(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Ends the story early (Ctrl-C): the run still closes its windows briefly, writes the report and stops. */
    public void requestStop() {
        stopRequested.countDown();
    }

    public Outcome run() throws Exception {
        JobConfig job = StackConfigs.defaultJob(settings.influxUrl().orElse(StackConfigs.DEFAULT_INFLUX_URL),
                List.of(CardTransactions.MODEL_ID));
        long window = job.windows().size().toMillis();
        long wallPerWindow = settings.duration().toMillis() / PLANNED_WINDOWS;
        int eventsPerWindow = (int) (settings.eventsPerSecond() * wallPerWindow / 1000);
        long origin = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS).toEpochMilli();
        Optional<Long> driftStart = settings.scenario().shiftsFeatures() || settings.scenario().changesConcept()
                ? Optional.of(origin + STATIONARY_WINDOWS * window) : Optional.empty();
        out.printf(Locale.ROOT, "driftwatch demo: scenario %s, seed %d, %d events/s; 1 minute of event time every %.1f s"
                        + " (%d events per window), about %d s%n", settings.scenario(), settings.seed(),
                settings.eventsPerSecond(), wallPerWindow / 1000.0, eventsPerWindow, settings.duration().toSeconds());

        Path work = Files.createTempDirectory("driftwatch-demo-");
        try {
            return runIn(work, job, window, wallPerWindow, eventsPerWindow, origin, driftStart);
        } finally {
            deleteRecursively(work);
        }
    }

    private Outcome runIn(Path work, JobConfig job, long window, long wallPerWindow, int eventsPerWindow, long origin,
                          Optional<Long> driftStart) throws Exception {
        LiveConsole console = new LiveConsole(out, job);
        Story story = new Story(console, job.alerts());
        RunRecorder recorder = new RunRecorder(story);
        RealizedPerformance realized = new RealizedPerformance(window);
        EmbeddedStack.Options options = new EmbeddedStack.Options(job, settings.influxUrl().isPresent(),
                java.util.OptionalInt.empty(), Optional.of(bootstrap -> StackConfigs.trainer(bootstrap, job.topics(),
                work.resolve("registry"), CardTransactions.MODEL_ID, CardTransactions.FRAUD)), settings.environment());
        out.println("starting: Kafka (KRaft, in this JVM), the drift job (Flink MiniCluster), alerting ("
                + StackConfigs.receivers(settings.environment()) + "), trainer"
                + settings.influxUrl().map(url -> ", InfluxDB " + url).orElse("") + " ...");
        List<RunReport.VersionSpan> versions = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(options, recorder::accept)) {
            out.println("Kafka at " + stack.bootstrapServers() + "; registry (temporary) " + work.resolve("registry"));
            ModelRegistry registry = stack.trainer().orElseThrow().registry();
            VersionMetadata first = bootstrap(stack, registry, work, origin);
            console.say("bootstrapped " + CardTransactions.MODEL_ID + " " + first.version() + " from " + HISTORY_ROWS
                    + " pre-drift labelled transactions (evaluation AUC " + fmt(first.metrics().get("auc")) + ")");
            try (TopicWatcher watcher = new TopicWatcher(stack.broker().consumerConfig("demo-watcher"), recorder,
                         job.topics().alerts(), job.topics().retrainRequests(), StackTopics.MODEL_DEPLOYMENTS);
                 ModelService service = new ModelService(CardTransactions.MODEL_ID, registry, StackTopics.MODEL_DEPLOYMENTS,
                         stack.broker().consumerConfig("demo-model-service"), console::say)) {
                awaitFirstModel(service);
                versions.add(new RunReport.VersionSpan(first.version(), origin, first.metrics().getOrDefault("auc", Double.NaN)));
                TrafficSimulator traffic = new TrafficSimulator(new CardTransactions(settings.seed(), settings.scenario()),
                        service, stack.broker().producerConfig(), job.topics().predictions().name(), StackTopics.LABELS, origin, (int) (eventsPerWindow * 60_000L / window),
                        driftStart.orElse(Long.MAX_VALUE), settings.seed() + 1, realized::add);
                Optional<Long> lastWindowEnd;
                try {
                    lastWindowEnd = play(stack, traffic, service, registry, story, versions, origin, window, wallPerWindow,
                            driftStart, job);
                } finally {
                    traffic.close();
                }
                if (lastWindowEnd.isPresent()) {
                    awaitLastWindow(recorder, versions.get(versions.size() - 1).version(), lastWindowEnd.get());
                }
                // Alerts of the last windows are committed with the next checkpoint.
                Thread.sleep(2 * job.checkpoints().interval().toMillis() + 500);
            }
        }
        Path report = RunReport.of(new RunReport.Run("driftwatch demo: " + CardTransactions.MODEL_ID,
                "scenario " + settings.scenario() + ", seed " + settings.seed() + ", " + recorder.windows().size()
                        + " windows of one minute (event time)", facts(recorder, story),
                recorder.windows(), recorder.alerts(), recorder.retrainRequests(), versions, realized.points(), driftStart,
                job.alerts())).write(settings.report());
        Outcome outcome = new Outcome(recorder.alerts(), recorder.retrainRequests(), recorder.deployments(),
                story.resolvedVersion(), recorder.windows(), report, stopRequested.getCount() == 0);
        summarise(outcome);
        return outcome;
    }

    /** Trains and deploys v1 from simulated pre-drift history, as {@code driftwatch registry bootstrap} does. */
    private VersionMetadata bootstrap(EmbeddedStack stack, ModelRegistry registry, Path work, long origin) throws Exception {
        TrainerConfig trainer = stack.trainerConfig().orElseThrow();
        ModelConfig model = trainer.model(CardTransactions.MODEL_ID).orElseThrow();
        Path history = TrainingHistory.write(work.resolve("history.avro"),
                new CardTransactions(settings.seed() + 2, settings.scenario()), HISTORY_ROWS, origin, Duration.ofHours(2).toMillis());
        try (DeploymentPublisher publisher = new DeploymentPublisher(trainer.kafka().clientProperties(),
                trainer.topics().baselines(), trainer.topics().modelDeployments(), Duration.ofMinutes(1))) {
            return new Bootstrap(registry, new Deployer(registry, publisher, Clock.systemUTC()), Clock.systemUTC())
                    .run(model, List.of(history));
        }
    }

    private static void awaitFirstModel(ModelService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.current().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the model service did not receive the first deployment within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Plays the traffic until the story's end and returns the end of its last window; empty when stopped early. */
    private Optional<Long> play(EmbeddedStack stack, TrafficSimulator traffic, ModelService service, ModelRegistry registry,
                         Story story, List<RunReport.VersionSpan> versions, long origin, long window, long wallPerWindow,
                         Optional<Long> driftStart, JobConfig job) throws Exception {
        double speed = (double) window / wallPerWindow;
        // Events a little past the last window move the watermark beyond it, so it closes.
        long tail = job.windows().outOfOrderness().toMillis() + 2_000;
        int lastWindow = PLANNED_WINDOWS;
        boolean driftAnnounced = false;
        long wallStart = System.nanoTime();
        long nextHealthCheck = 0;
        story.console.say("stationary traffic: " + CardTransactions.MODEL_ID + " " + versions.get(0).version()
                + " scores 12 features (8 numeric, 4 categorical); labels follow 5-40 s later");
        while (true) {
            long now = origin + (long) ((System.nanoTime() - wallStart) / 1e6 * speed);
            long storyEnd = origin + lastWindow * window;
            traffic.advanceTo(Math.min(now, storyEnd + tail));
            if (!driftAnnounced && driftStart.isPresent() && now >= driftStart.get()) {
                driftAnnounced = true;
                story.console.say("drift begins: " + String.join(", ", CardTransactions.SHIFTED_FEATURES) + " shift"
                        + (settings.scenario().changesConcept()
                        ? "; fraud changes pattern (small amounts, gaming merchants, Android app)" : "; fraud keeps its pattern"));
            }
            String inUse = service.current().orElseThrow().version();
            if (!inUse.equals(versions.get(versions.size() - 1).version())) {
                double estimated = registry.version(CardTransactions.MODEL_ID, inUse)
                        .map(v -> v.metrics().getOrDefault("auc", Double.NaN)).orElse(Double.NaN);
                versions.add(new RunReport.VersionSpan(inUse, traffic.eventTime(), estimated));
                story.swappedTo(inUse);
                int swapWindow = (int) ((traffic.eventTime() - origin) / window);
                lastWindow = Math.min(MAX_WINDOWS, Math.max(PLANNED_WINDOWS, swapWindow + 1 + WINDOWS_AFTER_SWAP));
            }
            if (now >= storyEnd + tail) {
                traffic.flush();
                return Optional.of(storyEnd);
            }
            if (System.nanoTime() > nextHealthCheck) {
                Optional<org.apache.flink.api.common.JobStatus> ended = stack.jobEnded();
                if (ended.isPresent()) {
                    throw new IllegalStateException("the drift job stopped (" + ended.get() + "); see the log above");
                }
                nextHealthCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
            if (stopRequested.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                traffic.flush();
                story.console.say("stopping early: writing the report of what ran so far");
                return Optional.empty();
            }
        }
    }

    private void awaitLastWindow(RunRecorder recorder, String version, long windowEnd) throws InterruptedException {
        long deadline = System.nanoTime() + FINAL_WINDOW_TIMEOUT.toNanos();
        while (recorder.windows().stream().noneMatch(w -> w.version().equals(version) && w.windowEnd() >= windowEnd)) {
            if (System.nanoTime() > deadline || stopRequested.getCount() == 0) {
                out.println("  [demo]    the last window was not evaluated within " + FINAL_WINDOW_TIMEOUT.toSeconds()
                        + " s; reporting what arrived");
                return;
            }
            Thread.sleep(100);
        }
    }

    private List<String[]> facts(RunRecorder recorder, Story story) {
        long fired = recorder.alerts().stream().filter(a -> a.getStatus() == AlertStatus.FIRING).count();
        long events = recorder.windows().stream().mapToLong(WindowResult::events).sum();
        return List.of(new String[] {"events evaluated", String.valueOf(events)},
                new String[] {"alerts fired", String.valueOf(fired)},
                new String[] {"retrain requests", String.valueOf(recorder.retrainRequests().size())},
                new String[] {"versions deployed", recorder.deployments().stream().map(ModelDeployed::getNewVersion)
                        .reduce((a, b) -> a + ", " + b).orElse("none")},
                new String[] {"drift resolved", story.resolvedVersion().map(v -> "yes, " + v).orElse("no")});
    }

    private void summarise(Outcome outcome) {
        out.println();
        out.printf(Locale.ROOT, "summary: %d windows, %d alerts fired, %d retrain request(s), deployed %s, drift resolved: %s%n",
                outcome.windows().size(), outcome.alertsFired(), outcome.retrainRequests().size(),
                outcome.deployments().stream().map(ModelDeployed::getNewVersion).reduce((a, b) -> a + " then " + b)
                        .orElse("nothing"), outcome.resolvedVersion().map(v -> "yes (" + v + ")").orElse("no"));
        out.println("report: " + outcome.report());
        out.flush();
    }

    /** The run's registry and history are temporary: only the report outlives it. */
    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String fmt(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * Follows the story on the recorder's events and forwards them to the console: which version is
     * in production and whether its windows have come back within limits for {@code resolve-after}
     * windows in a row with none of its alerts firing, which is when the demo calls the drift resolved.
     */
    private static final class Story implements RunRecorder.Listener {
        private final LiveConsole console;
        private final JobConfig.Alerts rules;
        private final Set<String> firingOfSwapped = new HashSet<>();
        private volatile String swappedVersion;
        private int cleanWindows;
        private volatile String resolvedVersion;

        Story(LiveConsole console, JobConfig.Alerts rules) {
            this.console = console;
            this.rules = rules;
        }

        void swappedTo(String version) {
            synchronized (this) {
                swappedVersion = version;
                cleanWindows = 0;
            }
        }

        Optional<String> resolvedVersion() {
            return Optional.ofNullable(resolvedVersion);
        }

        @Override
        public void onWindow(WindowResult window) {
            console.onWindow(window);
            String announce = null;
            synchronized (this) {
                if (window.version().equals(swappedVersion) && resolvedVersion == null) {
                    cleanWindows = window.drifting(rules).isEmpty() && firingOfSwapped.isEmpty() ? cleanWindows + 1 : 0;
                    if (cleanWindows >= rules.resolveAfter()) {
                        resolvedVersion = swappedVersion;
                        announce = "drift resolved: " + swappedVersion + "'s traffic matches " + swappedVersion
                                + "'s baseline for " + cleanWindows + " windows in a row, none of its alerts firing";
                    }
                }
            }
            if (announce != null) {
                console.say(announce);
            }
        }

        @Override
        public void onAlert(DriftAlert alert) {
            synchronized (this) {
                if (alert.getModelVersion().equals(swappedVersion)) {
                    if (alert.getStatus() == AlertStatus.FIRING) {
                        firingOfSwapped.add(alert.getFingerprint());
                    } else {
                        firingOfSwapped.remove(alert.getFingerprint());
                    }
                }
            }
            console.onAlert(alert);
        }

        @Override
        public void onRetrainRequest(RetrainRequest request) {
            console.onRetrainRequest(request);
        }

        @Override
        public void onDeployment(ModelDeployed deployment) {
            console.onDeployment(deployment);
        }
    }
}
