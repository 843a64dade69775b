package io.driftwatch.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    private static final String WEBHOOK = "https://hooks.slack.example/services/T000/B000/XXXXSECRET";

    private static final String MINIMAL = """
            kafka: {bootstrap_servers: "localhost:9092"}
            route: {receiver: log}
            receivers:
              - name: log
                console_configs: [{}]
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of(
            "PAGERDUTY_ROUTING_KEY", ROUTING_KEY,
            "SLACK_ML_WEBHOOK_URL", WEBHOOK)::get);

    private static ConfigException problemsOf(ConfigLoader loader, String yaml) {
        try {
            loader.parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    @Test
    void exampleConfigurationIsValid(@TempDir Path secrets) throws Exception {
        String example = Files.readString(Path.of("alerting.example.yaml"));
        Files.writeString(secrets.resolve("smtp"), "smtp-password\n");
        Files.writeString(secrets.resolve("slack"), WEBHOOK);
        example = example.replace("/run/secrets/smtp_password", secrets.resolve("smtp").toString())
                .replace("/run/secrets/slack_oncall_webhook_url", secrets.resolve("slack").toString());

        AlertingConfig config = loader.parse(example);

        assertThat(config.receivers()).extracting(ReceiverConfig::name).containsExactly("ml-team", "ml-oncall", "ads-team");
        assertThat(config.route().routes().get(0).groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.inhibitRules()).hasSize(1);
        IntegrationConfig.Email email = (IntegrationConfig.Email) config.receiver("ml-team").integrations().get(1);
        assertThat(email.password().orElseThrow().reveal()).isEqualTo("smtp-password");
    }

    @Test
    void readmeShowsTheExampleConfigurationAsItIs() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String example = Files.readString(Path.of("alerting.example.yaml"));

        assertThat(readme).contains("```yaml\n" + example + "```");
    }

    @Test
    void defaultsAreAlertmanagersTimings() {
        AlertingConfig config = loader.parse(MINIMAL);

        assertThat(config.route().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.route().groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.route().repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(config.kafka().alertsTopic()).isEqualTo("drift-alerts");
    }

    @Test
    void childRouteInheritsWhatItDoesNotSet() {
        AlertingConfig config = loader.parse(MINIMAL.replace("route: {receiver: log}", """
                route:
                  receiver: log
                  group_by: [model]
                  group_wait: 1s
                  routes:
                    - matchers: [team=risk]
                      group_interval: 1m
                """));

        RouteConfig child = config.route().routes().get(0);
        assertThat(child.receiver()).isEqualTo("log");
        assertThat(child.groupBy()).containsExactly("model");
        assertThat(child.groupWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(child.groupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(child.path()).isEqualTo("route.routes[0]");
    }

    @Test
    void badDurationIsReportedWithThePathOfItsKey() {
        ConfigException error = problemsOf(loader, MINIMAL.replace("route: {receiver: log}", """
                route:
                  receiver: log
                  routes:
                    - matchers: [team=risk]
                    - matchers: [team=ads]
                      group_wait: 5x
                """));

        assertThat(error.problems()).containsExactly(
                "route.routes[1].group_wait: '5x' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException error = problemsOf(loader, """
                kafka: {bootstrap_servers: "localhost:9092", grup_id: x}
                route: {receiver: nobody, group_by: model}
                receivers:
                  - name: log
                    console_configs: [{send_resolved: maybe}]
                inhibit_rules:
                  - source_matchers: ['severity=~"(critical"']
                    target_matchers: []
                """);

        assertThat(error.problems()).hasSize(6).anySatisfy(p -> assertThat(p).startsWith("kafka.grup_id: unknown key"))
                .contains("route.receiver: no receiver named 'nobody' (defined: [log])",
                        "route.group_by: must be a list of strings",
                        "receivers[0].console_configs[0].send_resolved: 'maybe' is not true or false",
                        "inhibit_rules[0].target_matchers: at least one matcher is required")
                .anySatisfy(p -> assertThat(p).startsWith("inhibit_rules[0].source_matchers[0]: '(critical' is not a valid regex"));
    }

    @Test
    void inlineSecretIsRefused() {
        ConfigException error = problemsOf(loader, MINIMAL + """
                  - name: pager
                    pagerduty_configs: [{routing_key: %s}]
                """.formatted(ROUTING_KEY));

        assertThat(error.problems()).containsExactly(
                "receivers[1].pagerduty_configs[0].routing_key: secrets may not be written inline; use routing_key_env or routing_key_file");
        assertThat(error.getMessage()).doesNotContain(ROUTING_KEY);
    }

    @Test
    void missingEnvironmentVariableIsNamedWithoutAnyValue() {
        ConfigException error = problemsOf(loader, MINIMAL + """
                  - name: chat
                    slack_configs: [{webhook_url_env: NOT_SET_ANYWHERE}]
                """);

        assertThat(error.problems()).containsExactly(
                "receivers[1].slack_configs[0].webhook_url_env: environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void routingKeyOfWrongLengthIsRefusedWithoutShowingIt() {
        ConfigLoader shortKey = new ConfigLoader(Map.of("PD", "short-secret-key")::get);

        ConfigException error = problemsOf(shortKey, MINIMAL + """
                  - name: pager
                    pagerduty_configs: [{routing_key_env: PD}]
                """);

        assertThat(error.problems()).containsExactly(
                "receivers[1].pagerduty_configs[0].routing_key_env: the routing key from env PD must be 32 characters long");
        assertThat(error.getMessage()).doesNotContain("short-secret-key");
    }

    @Test
    void malformedWebhookUrlIsRefusedWithoutShowingIt() {
        ConfigLoader badUrl = new ConfigLoader(Map.of("HOOK", "hooks.slack.example/T0/B0/secret-token")::get);

        ConfigException error = problemsOf(badUrl, MINIMAL + """
                  - name: chat
                    slack_configs: [{webhook_url_env: HOOK}]
                """);

        assertThat(error.problems()).containsExactly(
                "receivers[1].slack_configs[0].webhook_url_env: the webhook URL from env HOOK is not an http(s) URL");
        assertThat(error.getMessage()).doesNotContain("secret-token");
    }

    @Test
    void secretsAreRedactedInEveryToString() {
        AlertingConfig config = loader.parse(MINIMAL + """
                  - name: pager
                    pagerduty_configs: [{routing_key_env: PAGERDUTY_ROUTING_KEY}]
                    slack_configs: [{webhook_url_env: SLACK_ML_WEBHOOK_URL}]
                """);

        assertThat(config.toString()).doesNotContain(ROUTING_KEY).doesNotContain(WEBHOOK).contains("***");
        assertThat(new Secret(ROUTING_KEY, "env X")).hasToString("***");
    }

    @Test
    void notYamlIsReportedWithItsLine() {
        assertThatThrownBy(() -> loader.parse("route: [unclosed\nreceivers: x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }
}
