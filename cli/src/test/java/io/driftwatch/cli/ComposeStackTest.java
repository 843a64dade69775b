package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.demo.stack.StackTopics;
import io.driftwatch.flink.cli.BaselinePublishCommand;
import io.driftwatch.flink.cli.JobCommand;
import io.driftwatch.flink.cli.ProduceCommand;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import io.driftwatch.flink.config.Secret;
import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.config.TrainerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The docker-compose stack against the code: no container runs here (scripts/test.sh validates the file's
 * schema with {@code docker-compose config}), so this checks what would otherwise only fail at
 * {@code docker compose up}. The compose file is interpolated with {@code .env.example} the way Compose
 * does it; every configuration file mounted into a service is loaded by that service's own loader with the
 * environment the compose file gives the service; addresses, ports, topics and secrets' variable names are
 * compared with the code's defaults and with the other services, never with copies written here.
 */
class ComposeStackTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");
    /** Matches Compose's interpolation: {@code $$}, {@code ${VAR}}, {@code ${VAR:-x}}, {@code ${VAR?err}}, {@code $VAR}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    /** A stand-in for an optional secret left empty in .env.example: an https URL that is also 32 characters long. */
    private static final String SECRET_STAND_IN = "https://example.invalid/abcdefgh";

    private static String composeText;
    private static Map<String, String> envExample;
    private static JsonNode compose;
    private static final List<String> interpolationProblems = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        composeText = Files.readString(COMPOSE_FILE);
        envExample = readEnvFile(ENV_EXAMPLE);
        compose = interpolate(readYamlResolvingAnchors(composeText), envExample);
    }

    // ---------------------------------------------------------------- variables and files

    @Test
    void everyVariableOfTheComposeFileIsDefinedInEnvExampleAndEveryDefinedOneIsUsed() {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(withoutComments(composeText));
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(4);
            if (name != null) {
                used.add(name);
            }
        }
        assertThat(used).as("variables docker-compose.yml uses").isNotEmpty();
        assertThat(envExample.keySet()).as(".env.example must define every variable docker-compose.yml uses")
                .containsAll(used);
        Set<String> unused = new TreeSet<>(envExample.keySet());
        unused.removeAll(used);
        unused.removeIf(name -> name.startsWith("COMPOSE_"));   // read by Compose itself
        assertThat(unused).as(".env.example variables docker-compose.yml never uses").isEmpty();
        assertThat(interpolationProblems).as("interpolating docker-compose.yml with .env.example").isEmpty();
    }

    @Test
    void everyFileTheComposeFileReferencesExists() throws IOException {
        for (Map.Entry<String, JsonNode> service : services().entrySet()) {
            String name = service.getKey();
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = ROOT.resolve(build.isTextual() ? build.asText() : build.path("context").asText(".")).normalize();
                assertThat(context).as(name + ": build context").isDirectory();
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                assertThat(dockerfile).as(name + ": dockerfile").isRegularFile();
                if (build.has("target")) {
                    assertThat(Files.readString(dockerfile)).as(name + ": build target in " + dockerfile)
                            .containsPattern("(?im)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(build.path("target").asText()) + "\\s*$");
                }
            }
            for (Mount mount : mounts(service.getValue())) {
                if (mount.hostPath().isPresent()) {
                    assertThat(Files.exists(mount.hostPath().get())).as(name + ": bind mount source " + mount.hostPath().get())
                            .isTrue();
                }
            }
            for (JsonNode envFile : asList(service.getValue().path("env_file"))) {
                assertThat(ROOT.resolve(envFile.asText())).as(name + ": env_file").isRegularFile();
            }
        }
    }

    @Test
    void theDockerfileCopiesFilesThatExistOrThatTheBuildProduces() throws Exception {
        Set<Path> dockerfiles = new LinkedHashSet<>();
        services().values().forEach(s -> {
            JsonNode build = s.path("build");
            if (build.isObject()) {
                dockerfiles.add(ROOT.resolve(build.path("context").asText(".")).resolve(build.path("dockerfile").asText("Dockerfile")).normalize());
            }
        });
        assertThat(dockerfiles).isNotEmpty();
        Set<String> buildOutputs = Set.of(cliJar(), flinkJobJar());
        for (Path dockerfile : dockerfiles) {
            for (String line : Files.readAllLines(dockerfile)) {
                Matcher copy = Pattern.compile("^COPY\\s+(?:--\\S+\\s+)*(.+)\\s+(\\S+)$").matcher(line.trim());
                if (!copy.matches()) {
                    continue;
                }
                for (String source : copy.group(1).trim().split("\\s+")) {
                    if (source.contains("/target/")) {
                        var glob = FileSystems.getDefault().getPathMatcher("glob:" + source);
                        assertThat(buildOutputs.stream().anyMatch(out -> glob.matches(Path.of(out))))
                                .as(dockerfile + " copies " + source + ", which must be what Maven builds: " + buildOutputs).isTrue();
                    } else {
                        assertThat(ROOT.resolve(source)).as(dockerfile + " copies " + source).exists();
                    }
                }
            }
        }
    }

    @Test
    void everyImageIsPinnedAndMatchesTheVersionsTheCodeIsBuiltWith() throws Exception {
        Document pom = pom(ROOT.resolve("pom.xml"));
        String projectVersion = text(pom, "/project/version");
        String flinkVersion = text(pom, "/project/properties/flink.version");
        String kafkaVersion = text(pom, "/project/properties/kafka.version");
        List<String> images = new ArrayList<>();
        services().forEach((name, s) -> {
            assertThat(s.has("image")).as(name + ": image (built services too, so the tag is explicit)").isTrue();
            images.add(s.path("image").asText());
            if (s.has("build")) {
                assertThat(tag(s.path("image").asText())).as(name + ": tag of the built image").isEqualTo(projectVersion);
            }
        });
        for (JsonNode build : services().values().stream().map(s -> s.path("build")).filter(JsonNode::isObject).toList()) {
            Path dockerfile = ROOT.resolve(build.path("context").asText(".")).resolve(build.path("dockerfile").asText());
            Files.readAllLines(dockerfile).stream().map(String::trim).filter(l -> l.toUpperCase().startsWith("FROM "))
                    .forEach(l -> images.add(l.split("\\s+")[1]));
        }
        for (String image : images) {
            assertThat(tag(image)).as("tag of " + image).isNotEmpty().isNotEqualTo("latest");
        }
        assertThat(images).as("a Flink image of the Flink version the job is compiled against (" + flinkVersion + ")")
                .anyMatch(i -> i.startsWith("flink:") && tag(i).startsWith(flinkVersion + "-java17"));
        assertThat(image("kafka")).as("Kafka image of the clients' major version " + kafkaVersion)
                .startsWith("apache/kafka:" + kafkaVersion.substring(0, kafkaVersion.indexOf('.') + 1));
    }

    // ---------------------------------------------------------------- services and their configurations

    @Test
    void theJobManagerRunsTheDriftJobWithAConfigurationThatLoadsAndFitsTheStack() {
        JsonNode jm = service("jobmanager");
        List<String> command = strings(jm.path("command"));
        assertThat(command.get(0)).isEqualTo("standalone-job");
        assertThat(option(command, "--job-classname")).isEqualTo(JobCommand.class.getName());
        JobConfig job = jobConfig();

        assertThat(job.kafka().bootstrapServers()).isEqualTo(kafkaInternalAddress());

        URI influx = URI.create(job.influxdb().url());
        assertThat(influx.getHost()).as("influxdb.url host is the InfluxDB service").isEqualTo(serviceNamed("influxdb"));
        assertThat(containerPorts("influxdb")).as("influxdb.url port").contains(influx.getPort());
        Map<String, String> influxEnv = environment("influxdb");
        assertThat(job.influxdb().database()).isEqualTo(influxEnv.get("INFLUXDB_DB"));
        assertThat(job.influxdb().username()).isEqualTo(influxEnv.get("INFLUXDB_USER"));
        assertThat(job.influxdb().createDatabase()).as("a non-admin user cannot CREATE DATABASE").isFalse();

        // The password is a reference to an environment variable: both Flink processes must have it, with
        // the value the InfluxDB service gives its user.
        Secret password = job.influxdb().password();
        assertThat(password).as("influxdb.password").isNotNull();
        for (String flink : List.of("jobmanager", "taskmanager")) {
            Map<String, String> env = environment(flink);
            Optional<String> variable = env.keySet().stream().filter(k -> new Secret(k, null).equals(password)).findFirst();
            assertThat(variable).as(flink + " environment has the variable of " + password).isPresent();
            assertThat(env.get(variable.get())).as(flink + ": " + variable.get()).isNotBlank()
                    .isEqualTo(influxEnv.get("INFLUXDB_USER_PASSWORD"));
        }

        Map<String, String> jmProperties = flinkProperties("jobmanager");
        Map<String, String> tmProperties = flinkProperties("taskmanager");
        assertThat(jmProperties.get("jobmanager.rpc.address")).isEqualTo(serviceNamed("jobmanager"));
        assertThat(tmProperties.get("jobmanager.rpc.address")).isEqualTo(serviceNamed("jobmanager"));
        assertThat(Integer.parseInt(tmProperties.get("taskmanager.numberOfTaskSlots")))
                .as("slots of the one task manager for the job's parallelism").isGreaterThanOrEqualTo(job.parallelism());

        String checkpoints = URI.create(job.checkpoints().directory()).getPath();
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertThat(namedVolumeAt(flink, checkpoints)).as(flink + ": checkpoints.directory on a named volume").isPresent();
        }
        assertThat(namedVolumeAt("jobmanager", checkpoints)).isEqualTo(namedVolumeAt("taskmanager", checkpoints));
    }

    @Test
    void everyAlertingConfigurationLoadsWithTheEnvironmentComposeGivesTheService() throws IOException {
        JsonNode alerting = service("alerting");
        Map<String, String> env = environment("alerting");
        Path selected = hostPath("alerting", option(strings(alerting.path("command")), "--config"));
        Path directory = selected.getParent();

        // The selected file (ALERTING_CONFIG of .env.example) starts with .env.example as it is.
        Set<String> read = new TreeSet<>();
        AlertingConfig config = alertingLoader(env, read, false).load(selected);
        assertThat(env.keySet()).as("variables " + selected + " reads").containsAll(read);

        List<Path> alternatives;
        try (Stream<Path> files = Files.list(directory)) {
            alternatives = files.filter(p -> p.getFileName().toString().startsWith("alerting")).sorted().toList();
        }
        assertThat(alternatives).contains(selected).hasSizeGreaterThan(1);
        for (Path file : alternatives) {
            Set<String> names = new TreeSet<>();
            AlertingConfig alternative = alertingLoader(env, names, true).load(file);
            assertThat(env.keySet()).as("variables " + file.getFileName() + " reads must be passed to the service").containsAll(names);
            assertThat(envExample.keySet()).as("variables " + file.getFileName() + " reads").containsAll(names);
            assertThat(alternative.kafka()).as(file.getFileName() + ": kafka section as the default one").isEqualTo(config.kafka());
            assertThat(alternative.http()).isEqualTo(config.http());
        }

        assertThat(config.kafka().bootstrapServers()).isEqualTo(kafkaInternalAddress());
        int port = config.http().listen().getPort();
        assertThat(containerPorts("alerting")).as("published /health port").contains(port);
        assertThat(strings(alerting.path("healthcheck").path("test"))).as("health check of /health")
                .contains(String.valueOf(port), "/health");
        Path silences = config.silencesFile().orElseThrow();
        assertThat(namedVolumeAt("alerting", silences.getParent().toString())).as("silences_file on a named volume").isPresent();
    }

    @Test
    void theTrainerConfigurationLoadsAndKnowsTheSimulatedModel() {
        JsonNode trainer = service("trainer");
        Set<String> read = new TreeSet<>();
        Map<String, String> env = environment("trainer");
        TrainerConfig config = new io.driftwatch.trainer.config.ConfigLoader(recording(env, read, false))
                .load(hostPath("trainer", option(strings(trainer.path("command")), "--config")));
        assertThat(env.keySet()).containsAll(read);
        assertThat(config.kafka().bootstrapServers()).isEqualTo(kafkaInternalAddress());
        assertThat(strings(trainer.path("healthcheck").path("test"))).as("health check watches the broker connection")
                .contains(config.kafka().bootstrapServers());
        assertThat(namedVolumeAt("trainer", config.registry().path().toString())).as("registry on a named volume").isPresent();
        assertThat(config.models()).extracting(ModelConfig::id).as("models the trainer retrains")
                .contains(environment("model-service").get("SIM_MODEL"));
    }

    @Test
    void everyFileOfTheMountedConfigurationDirectoryIsLoadedByAService() throws IOException {
        Path directory = hostPath("jobmanager", option(strings(service("jobmanager").path("command")), "--config")).getParent();
        Set<Path> loaded = new LinkedHashSet<>();
        loaded.add(hostPath("jobmanager", option(strings(service("jobmanager").path("command")), "--config")));
        loaded.add(hostPath("trainer", option(strings(service("trainer").path("command")), "--config")));
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.sorted().toList();
            all.stream().filter(p -> p.getFileName().toString().startsWith("alerting")).forEach(loaded::add);
            assertThat(loaded).as("files of " + directory + " that the tests load with a service's loader")
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void topicsAreTheCodesAndTopicInitCreatesEveryOne() {
        JobConfig job = jobConfig();
        JobConfig.Topics defaults = JobConfigLoader.parse("kafka: {bootstrap-servers: 'x:1'}\ninfluxdb: {url: 'http://x'}\n",
                "defaults").topics();
        assertThat(job.topics().predictions().name()).isEqualTo(defaults.predictions().name());
        assertThat(job.topics().baselines()).isEqualTo(defaults.baselines());
        assertThat(job.topics().alerts()).isEqualTo(defaults.alerts());
        assertThat(job.topics().retrainRequests()).isEqualTo(defaults.retrainRequests());
        assertThat(job.topics().deadLetters()).isEqualTo(defaults.deadLetters());
        assertThat(job.topics().labelledExamples()).isEqualTo(defaults.labelledExamples());
        assertThat(job.topics().labels().name()).isEqualTo(StackTopics.LABELS);

        AlertingConfig.Kafka alerting = alertingLoader(environment("alerting"), new TreeSet<>(), false)
                .load(hostPath("alerting", option(strings(service("alerting").path("command")), "--config"))).kafka();
        AlertingConfig.Kafka alertingDefaults = alertingLoader(Map.of(), new TreeSet<>(), false).parse(
                "kafka: {bootstrap_servers: 'x:1'}\nroute: {receiver: c}\nreceivers: [{name: c, console_configs: [{}]}]\n").kafka();
        assertThat(alerting.alertsTopic()).isEqualTo(job.topics().alerts()).isEqualTo(alertingDefaults.alertsTopic());
        assertThat(alerting.deadLettersTopic()).isEqualTo(job.topics().deadLetters());
        assertThat(alerting.stateTopic()).isEqualTo(alertingDefaults.stateTopic());
        assertThat(alerting.failuresTopic()).isEqualTo(alertingDefaults.failuresTopic());

        TrainerConfig.Topics trainer = trainerConfig().topics();
        TrainerConfig.Topics trainerDefaults = new TrainerConfig.Topics(null, null, null, null);
        assertThat(trainer).isEqualTo(trainerDefaults);
        assertThat(trainer.retrainRequests()).isEqualTo(job.topics().retrainRequests());
        assertThat(trainer.labelledExamples()).isEqualTo(job.topics().labelledExamples());
        assertThat(trainer.baselines()).isEqualTo(job.topics().baselines());

        // The simulated model service sends with the CLI's default topics.
        assertThat(defaultOf(new ProduceCommand(), "--topic")).isEqualTo(job.topics().predictions().name());
        assertThat(defaultOf(new BaselinePublishCommand(), "--topic")).isEqualTo(job.topics().baselines());
        assertThat(readSimulator()).doesNotContain("--topic");

        Set<String> needed = new TreeSet<>(new StackTopics(job.topics()).described().keySet());
        needed.addAll(List.of(alerting.alertsTopic(), alerting.stateTopic(), alerting.failuresTopic(), alerting.deadLettersTopic(),
                trainer.retrainRequests(), trainer.labelledExamples(), trainer.modelDeployments(), trainer.baselines()));
        Map<String, String> init = environment("topic-init");
        Set<String> plain = words(init.get("TOPICS"));
        Set<String> compacted = words(init.get("COMPACTED_TOPICS"));
        assertThat(compacted).as("compacted topics").containsExactlyInAnyOrder(job.topics().baselines(), alerting.stateTopic());
        Set<String> created = new TreeSet<>(plain);
        created.addAll(compacted);
        assertThat(created).as("topics topic-init creates (the broker does not auto-create)").isEqualTo(needed);
        assertThat(plain).doesNotContainAnyElementsOf(compacted);
        assertThat(init.get("BOOTSTRAP_SERVER")).isEqualTo(kafkaInternalAddress());
        assertThat(environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void kafkaListenersMatchTheAddressesEveryClientUses() {
        Map<String, String> kafka = environment("kafka");
        Map<String, String> advertised = listeners(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> bound = listeners(kafka.get("KAFKA_LISTENERS"));
        String internal = kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME");
        assertThat(advertised.get(internal)).isEqualTo(kafkaInternalAddress());
        assertThat(bound).as("every advertised listener is bound").containsKeys(advertised.keySet().toArray(String[]::new));
        assertThat(port(bound.get(internal))).as("containers reach the broker on the port it binds")
                .isEqualTo(port(advertised.get(internal)));
        assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .isEqualTo(kafka.get("KAFKA_NODE_ID") + "@" + serviceNamed("kafka") + ":" + port(bound.get(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES"))));
        // Every advertised listener other than the containers' one is for the host: published on that same port.
        advertised.forEach((name, address) -> {
            if (!name.equals(internal)) {
                assertThat(address).startsWith("localhost:");
                assertThat(publishedPorts("kafka")).as("published port of listener " + name)
                        .containsEntry(port(address), port(bound.get(name)));
            }
        });
        assertThat(environment("model-service").get("KAFKA_BOOTSTRAP")).isEqualTo(kafkaInternalAddress());
    }

    @Test
    void grafanaIsProvisionedWithTheDashboardsAndItsDatasourceReachesInfluxDb() throws IOException {
        Map<String, String> env = environment("grafana");
        Path provisioning = ROOT.resolve("dashboards/provisioning");
        assertThat(hostPath("grafana", "/etc/grafana/provisioning/datasources")).isEqualTo(provisioning.resolve("datasources"));
        assertThat(hostPath("grafana", "/etc/grafana/provisioning/dashboards")).isEqualTo(provisioning.resolve("dashboards"));
        try (Stream<Path> files = Files.walk(provisioning)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(4);
                    if (name != null) {
                        assertThat(env).as("grafana environment for " + ROOT.relativize(file)).containsKey(name);
                        assertThat(env.get(name)).as(name).isNotBlank();
                    }
                }
            }
        }
        for (JsonNode provider : new YAMLMapper().readTree(provisioning.resolve("dashboards/driftwatch.yaml").toFile()).path("providers")) {
            Path dashboards = hostPath("grafana", provider.path("options").path("path").asText());
            try (Stream<Path> json = Files.list(dashboards)) {
                assertThat(json.filter(p -> p.toString().endsWith(".json")).count()).as("dashboards in " + dashboards).isPositive();
            }
        }
        assertThat(env.get("INFLUX_URL")).isEqualTo(jobConfig().influxdb().url());
        assertThat(env.get("INFLUX_DATABASE")).isEqualTo(jobConfig().influxdb().database());
        assertThat(env.get("INFLUX_USER")).isEqualTo(jobConfig().influxdb().username());
        assertThat(env.get("INFLUX_PASSWORD")).isEqualTo(environment("influxdb").get("INFLUXDB_USER_PASSWORD"));
        String home = env.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(hostPath("grafana", home)).isRegularFile();
    }

    @Test
    void longRunningServicesHaveHealthChecksRestartPoliciesAndWaitForHealthyDependencies() {
        Set<String> declaredVolumes = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);
        services().forEach((name, s) -> {
            String restart = s.path("restart").asText("");
            assertThat(restart).as(name + ": restart policy").isIn("no", "always", "on-failure", "unless-stopped");
            if (!restart.equals("no")) {
                assertThat(strings(s.path("healthcheck").path("test"))).as(name + ": health check").isNotEmpty();
            }
            JsonNode dependsOn = s.path("depends_on");
            assertThat(dependsOn.isObject() || dependsOn.isMissingNode()).as(name + ": depends_on with conditions").isTrue();
            dependsOn.fields().forEachRemaining(dependency -> {
                String condition = dependency.getValue().path("condition").asText();
                JsonNode target = service(dependency.getKey());
                if (condition.equals("service_healthy")) {
                    assertThat(target.has("healthcheck")).as(dependency.getKey() + " has a health check").isTrue();
                } else if (condition.equals("service_completed_successfully")) {
                    assertThat(target.path("restart").asText()).as(dependency.getKey() + " is one-shot").isEqualTo("no");
                } else {
                    assertThat(condition).as(name + " -> " + dependency.getKey()).isEqualTo("service_started");
                }
            });
            for (Mount mount : mounts(s)) {
                if (mount.volume().isPresent()) {
                    assertThat(declaredVolumes).as(name + ": named volume").contains(mount.volume().get());
                }
            }
        });
    }

    @Test
    void scriptsThatEntryPointsAndHealthChecksRunAreInTheContainer() throws IOException {
        Pattern ours = Pattern.compile("/opt/driftwatch/\\S+\\.sh");
        for (Map.Entry<String, JsonNode> service : services().entrySet()) {
            List<String> words = new ArrayList<>(strings(service.getValue().path("entrypoint")));
            words.addAll(strings(service.getValue().path("healthcheck").path("test")));
            for (String word : words) {
                Matcher m = ours.matcher(word);
                while (m.find()) {
                    assertThat(fileInContainer(service.getKey(), m.group())).as(service.getKey() + ": " + m.group()).isRegularFile();
                }
            }
        }
        int interval = Integer.parseInt(environment("model-service").get("SIM_INTERVAL_SECONDS"));
        List<String> health = strings(service("model-service").path("healthcheck").path("test"));
        assertThat(health).contains("fresh", environment("model-service").get("SIM_HEARTBEAT"));
        assertThat(Integer.parseInt(health.get(health.size() - 1))).as("heartbeat age the health check allows")
                .isGreaterThan(2 * interval);
    }

    /** The repository file behind a container path: a bind mount, or a COPY of the service's build stage. */
    private static Path fileInContainer(String name, String containerPath) throws IOException {
        boolean mounted = mounts(service(name)).stream().anyMatch(m -> m.hostPath().isPresent()
                && (containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/")));
        if (mounted) {
            return hostPath(name, containerPath);
        }
        JsonNode build = service(name).path("build");
        assertThat(build.isObject()).as(name + " neither mounts nor builds " + containerPath).isTrue();
        Path context = ROOT.resolve(build.path("context").asText(".")).normalize();
        String stage = null;
        for (String line : Files.readAllLines(context.resolve(build.path("dockerfile").asText("Dockerfile")))) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equalsIgnoreCase("FROM")) {
                stage = words.length >= 4 ? words[3] : "";
            } else if (words[0].equalsIgnoreCase("COPY") && build.path("target").asText("").equals(stage)) {
                List<String> args = Stream.of(words).skip(1).filter(w -> !w.startsWith("--")).toList();
                String source = args.get(0);
                String target = args.get(args.size() - 1);
                if (target.endsWith("/") && containerPath.startsWith(target)) {
                    return context.resolve(source).resolve(containerPath.substring(target.length()));
                }
                if (target.equals(containerPath)) {
                    return context.resolve(source);
                }
            }
        }
        return fail(name + ": no bind mount or COPY puts " + containerPath + " into the container");
    }

    // ---------------------------------------------------------------- helpers: the code's loaders

    private static JobConfig jobConfig() {
        return JobConfigLoader.load(hostPath("jobmanager", option(strings(service("jobmanager").path("command")), "--config")));
    }

    private static TrainerConfig trainerConfig() {
        return new io.driftwatch.trainer.config.ConfigLoader(recording(environment("trainer"), new TreeSet<>(), false))
                .load(hostPath("trainer", option(strings(service("trainer").path("command")), "--config")));
    }

    private static io.driftwatch.alerting.config.ConfigLoader alertingLoader(Map<String, String> env, Set<String> read,
                                                                           boolean standInForEmpty) {
        return new io.driftwatch.alerting.config.ConfigLoader(recording(env, read, standInForEmpty));
    }

    /**
     * The service's environment as the loader sees it, recording every name read. With {@code standInForEmpty},
     * a variable the service is given but .env.example leaves empty (an optional secret) reads as a stand-in.
     */
    private static Function<String, String> recording(Map<String, String> env, Set<String> read, boolean standInForEmpty) {
        return name -> {
            read.add(name);
            String value = env.get(name);
            return standInForEmpty && value != null && value.isEmpty() ? SECRET_STAND_IN : value;
        };
    }

    private static String defaultOf(Object command, String option) {
        return new CommandLine(command).getCommandSpec().findOption(option).defaultValue();
    }

    private static String readSimulator() {
        try {
            List<String> entrypoint = strings(service("model-service").path("entrypoint"));
            String script = entrypoint.get(entrypoint.size() - 1);
            return Files.readString(ROOT.resolve("deploy/bin").resolve(Path.of(script).getFileName()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String cliJar() throws Exception {
        Document pom = pom(ROOT.resolve("cli/pom.xml"));
        String output = xpath(pom, "//*[local-name()='plugin'][*[local-name()='artifactId']='maven-shade-plugin']"
                + "//*[local-name()='outputFile']");
        return "cli/" + output.replace("${project.build.directory}", "target");
    }

    private static String flinkJobJar() throws Exception {
        Document pom = pom(ROOT.resolve("flink-jobs/pom.xml"));
        String artifact = text(pom, "/project/artifactId");
        String version = text(pom(ROOT.resolve("pom.xml")), "/project/version");
        String classifier = xpath(pom, "//*[local-name()='shadedClassifierName']");
        return "flink-jobs/target/" + artifact + "-" + version + "-" + classifier + ".jar";
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Document pom, String path) throws Exception {
        StringBuilder expression = new StringBuilder();
        for (String step : path.substring(1).split("/")) {
            expression.append("/*[local-name()='").append(step).append("']");
        }
        return xpath(pom, expression.toString());
    }

    private static String xpath(Document document, String expression) throws Exception {
        String value = javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(expression, document).trim();
        assertThat(value).as(expression).isNotEmpty();
        return value;
    }

    // ---------------------------------------------------------------- helpers: the compose model

    private static Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        if (service.isMissingNode()) {
            fail("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The host name other containers reach the service by (its {@code hostname}, else its name). */
    private static String serviceNamed(String name) {
        return service(name).path("hostname").asText(name);
    }

    private static String image(String name) {
        return service(name).path("image").asText();
    }

    private static String tag(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        return last.contains(":") ? last.substring(last.indexOf(':') + 1) : "";
    }

    /** The Kafka address for containers: the inter-broker (PLAINTEXT) listener the broker advertises. */
    private static String kafkaInternalAddress() {
        Map<String, String> kafka = environment("kafka");
        String address = listeners(kafka.get("KAFKA_ADVERTISED_LISTENERS")).get(kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        assertThat(address).as("advertised inter-broker listener").startsWith(serviceNamed("kafka") + ":");
        return address;
    }

    private static Map<String, String> listeners(String text) {
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String listener : text.split(",")) {
            int scheme = listener.indexOf("://");
            listeners.put(listener.substring(0, scheme).trim(), listener.substring(scheme + 3).trim());
        }
        return listeners;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static Map<String, String> environment(String name) {
        JsonNode env = service(name).path("environment");
        Map<String, String> values = new LinkedHashMap<>();
        if (env.isArray()) {
            env.forEach(item -> {
                String text = item.asText();
                int eq = text.indexOf('=');
                values.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            });
        } else {
            env.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return values;
    }

    private static Map<String, String> flinkProperties(String name) {
        Map<String, String> properties = new HashMap<>();
        for (String line : environment(name).getOrDefault("FLINK_PROPERTIES", "").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.trim().startsWith("#")) {
                properties.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return properties;
    }

    /** Host port → container port of every published port. */
    private static Map<Integer, Integer> publishedPorts(String name) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (JsonNode port : asList(service(name).path("ports"))) {
            String[] parts = port.asText().replaceFirst("/(tcp|udp)$", "").split(":");
            ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
        }
        return ports;
    }

    private static Set<Integer> containerPorts(String name) {
        Set<Integer> ports = new TreeSet<>(publishedPorts(name).values());
        asList(service(name).path("expose")).forEach(p -> ports.add(p.asInt()));
        if (ports.isEmpty()) {
            fail(name + " publishes no port");
        }
        return ports;
    }

    private record Mount(Optional<Path> hostPath, Optional<String> volume, String target) {}

    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : asList(service.path("volumes"))) {
            String source;
            String target;
            if (volume.isObject()) {
                source = volume.path("source").asText();
                target = volume.path("target").asText();
            } else {
                String[] parts = volume.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : parts[0];
            }
            boolean bind = source.startsWith(".") || source.startsWith("/");
            mounts.add(new Mount(bind ? Optional.of(ROOT.resolve(source).normalize()) : Optional.empty(),
                    bind ? Optional.empty() : Optional.of(source), target));
        }
        return mounts;
    }

    /** Where a container path of the service is on the host, through its bind mounts. */
    private static Path hostPath(String name, String containerPath) {
        Mount best = null;
        for (Mount mount : mounts(service(name))) {
            if (mount.hostPath().isPresent() && (containerPath.equals(mount.target()) || containerPath.startsWith(mount.target() + "/"))
                    && (best == null || mount.target().length() > best.target().length())) {
                best = mount;
            }
        }
        if (best == null) {
            fail(name + ": " + containerPath + " is not in a bind mount of the repository");
        }
        String rest = containerPath.substring(best.target().length()).replaceFirst("^/", "");
        return rest.isEmpty() ? best.hostPath().get() : best.hostPath().get().resolve(rest);
    }

    private static Optional<String> namedVolumeAt(String name, String containerPath) {
        return mounts(service(name)).stream()
                .filter(m -> m.volume().isPresent() && (containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/")))
                .map(m -> m.volume().get()).findFirst();
    }

    private static String option(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i < 0 || i + 1 >= args.size()) {
            fail(option + " missing in " + args);
        }
        return args.get(i + 1);
    }

    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().trim().split("\\s+"));
        }
        List<String> values = new ArrayList<>();
        node.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            items.add(node);
        }
        return items;
    }

    private static Set<String> words(String text) {
        assertThat(text).isNotBlank();
        return Stream.of(text.trim().split("\\s+")).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---------------------------------------------------------------- helpers: YAML and interpolation

    /**
     * Compose files use YAML anchors, aliases and merge keys ({@code <<: *x}), which Jackson's YAML parser
     * leaves unresolved; SnakeYAML (the parser under Jackson's YAML module, and YAML 1.1 like Compose's
     * own) resolves them, then Jackson takes the tree.
     */
    private static JsonNode readYamlResolvingAnchors(String text) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return new ObjectMapper().valueToTree(document);
    }

    private static JsonNode interpolate(JsonNode node, Map<String, String> env) {
        if (node.isTextual()) {
            return TextNode.valueOf(interpolate(node.asText(), env));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), interpolate(e.getValue(), env)));
            return copy;
        }
        if (node.isArray()) {
            var copy = new ObjectMapper().createArrayNode();
            node.forEach(item -> copy.add(interpolate(item, env)));
            return copy;
        }
        return node;
    }

    private static String interpolate(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(4);
                String value = env.get(name);
                String operator = m.group(2) == null ? "" : m.group(2);
                boolean emptyCounts = operator.startsWith(":");
                boolean absent = value == null || (emptyCounts && value.isEmpty());
                if (operator.endsWith("-") && absent) {
                    replacement = m.group(3);
                } else if (operator.endsWith("?") && absent) {
                    interpolationProblems.add(name + ": " + m.group(3));
                    replacement = "";
                } else if (value == null) {
                    interpolationProblems.add(name + " is not set");
                    replacement = "";
                } else {
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String withoutComments(String yaml) {
        return yaml.lines().map(line -> line.replaceFirst("(^|\\s)#.*$", "")).collect(Collectors.joining("\n"));
    }

    private static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            assertThat(eq).as(file + ": " + line).isPositive();
            String value = trimmed.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(trimmed.substring(0, eq).trim(), value);
        }
        return env;
    }
}
