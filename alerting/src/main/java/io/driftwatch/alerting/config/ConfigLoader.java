package io.driftwatch.alerting.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.driftwatch.alerting.route.Matcher;

/**
 * Reads the YAML configuration into {@link AlertingConfig}, checking every key; all problems are
 * reported together in one {@link ConfigException}. Secrets come only from environment variables
 * or files; {@code environment} is a parameter so tests need not touch the real environment.
 */
public final class ConfigLoader {
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    public static final URI PAGERDUTY_EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Function<String, String> environment;

    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    /** A loader reading secrets from this process's environment. */
    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public AlertingConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Only the {@code silences_file} of a configuration, without validating the rest: the silence
     * commands need no secrets in their environment.
     */
    public static Optional<Path> silencesFileOf(Path file) {
        try {
            JsonNode value = YAML.readTree(file.toFile()).path("silences_file");
            return value.isTextual() && !value.asText().isBlank() ? Optional.of(Path.of(value.asText())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
    }

    public AlertingConfig parse(String yaml) {
        JsonNode document;
        try {
            document = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        List<String> problems = new ArrayList<>();
        if (document == null || !document.isObject()) {
            throw new ConfigException(List.of("the configuration must be a YAML mapping"));
        }
        ConfigNode root = new ConfigNode(document, "", problems, environment);
        root.rejectUnknownKeys(Set.of("kafka", "http", "delivery", "links", "route", "receivers", "inhibit_rules", "silences_file"));

        AlertingConfig.Kafka kafka = kafka(root.child("kafka"));
        AlertingConfig.Http http = http(root.child("http"));
        AlertingConfig.Delivery delivery = delivery(root.child("delivery"));
        ConfigNode linksNode = root.child("links");
        linksNode.rejectUnknownKeys(Set.of("dashboard_url", "runbook_url"));
        AlertingConfig.Links links = new AlertingConfig.Links(linksNode.optionalString("dashboard_url"), linksNode.optionalString("runbook_url"));
        List<ReceiverConfig> receivers = receivers(root);
        RouteConfig route = rootRoute(root, receivers.stream().map(ReceiverConfig::name).toList());
        List<InhibitRuleConfig> inhibitRules = root.children("inhibit_rules").stream().map(this::inhibitRule).toList();
        Optional<Path> silencesFile = root.optionalString("silences_file").map(Path::of);

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AlertingConfig(kafka, http, delivery, links, route, receivers, inhibitRules, silencesFile);
    }

    private AlertingConfig.Kafka kafka(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("bootstrap_servers", "group_id", "alerts_topic", "state_topic", "failures_topic",
                "dead_letters_topic", "properties"));
        return new AlertingConfig.Kafka(
                node.requiredString("bootstrap_servers"),
                node.string("group_id", "driftwatch-alerting"),
                node.string("alerts_topic", "drift-alerts"),
                node.string("state_topic", "alerting-notification-log"),
                node.string("failures_topic", "alert-delivery-failures"),
                node.string("dead_letters_topic", "dead-letters"),
                node.stringMap("properties"));
    }

    private AlertingConfig.Http http(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("listen"));
        String listen = node.string("listen", "0.0.0.0:9095");
        int colon = listen.lastIndexOf(':');
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            if (colon < 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = listen.substring(0, colon);
            return new AlertingConfig.Http(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            node.problem("listen", "'" + listen + "' is not host:port");
            return new AlertingConfig.Http(new InetSocketAddress(0));
        }
    }

    private AlertingConfig.Delivery delivery(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("initial_backoff", "max_backoff", "give_up_after", "request_timeout"));
        Duration initial = positive(node, "initial_backoff", Duration.ofMillis(500));
        Duration max = positive(node, "max_backoff", Duration.ofSeconds(30));
        Duration giveUp = positive(node, "give_up_after", Duration.ofMinutes(2));
        Duration timeout = positive(node, "request_timeout", Duration.ofSeconds(10));
        if (max.compareTo(initial) < 0) {
            node.problem("max_backoff", "must not be shorter than initial_backoff");
        }
        return new AlertingConfig.Delivery(initial, max, giveUp, timeout);
    }

    private static Duration positive(ConfigNode node, String key, Duration fallback) {
        Duration value = node.duration(key, fallback);
        if (value.isZero() || value.isNegative()) {
            node.problem(key, "must be longer than 0s");
            return fallback;
        }
        return value;
    }

    private List<ReceiverConfig> receivers(ConfigNode root) {
        List<ReceiverConfig> receivers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode node : root.children("receivers")) {
            node.rejectUnknownKeys(Set.of("name", "slack_configs", "pagerduty_configs", "email_configs", "console_configs"));
            String name = node.requiredString("name");
            if (!name.isEmpty() && !names.add(name)) {
                node.problem("name", "receiver '" + name + "' is defined twice");
            }
            List<IntegrationConfig> integrations = new ArrayList<>();
            indexed(node.children("slack_configs"), "slack", this::slack, integrations);
            indexed(node.children("pagerduty_configs"), "pagerduty", this::pagerDuty, integrations);
            indexed(node.children("email_configs"), "email", this::email, integrations);
            indexed(node.children("console_configs"), "console", this::console, integrations);
            if (integrations.isEmpty()) {
                node.problem("name", "receiver '" + name + "' has no slack_configs, pagerduty_configs, email_configs or console_configs");
            }
            receivers.add(new ReceiverConfig(name, integrations));
        }
        if (receivers.isEmpty()) {
            root.problem("receivers", "at least one receiver is required");
        }
        return receivers;
    }

    private interface IntegrationReader {
        IntegrationConfig read(ConfigNode node, String name);
    }

    private static void indexed(List<ConfigNode> nodes, String kind, IntegrationReader reader, List<IntegrationConfig> into) {
        for (int i = 0; i < nodes.size(); i++) {
            into.add(reader.read(nodes.get(i), kind + "[" + i + "]"));
        }
    }

    private IntegrationConfig slack(ConfigNode node, String name) {
        node.rejectUnknownKeys(Set.of("webhook_url", "webhook_url_env", "webhook_url_file", "channel", "send_resolved", "max_alerts", "min_interval"));
        Secret url = node.requiredSecret("webhook_url");
        if (!url.reveal().isEmpty() && !isHttpUrl(url.reveal())) {
            // The message names the source only: the URL itself is the secret.
            node.problem("webhook_url_env", "the webhook URL from " + url.source() + " is not an http(s) URL");
        }
        return new IntegrationConfig.Slack(name, url, node.optionalString("channel"), node.bool("send_resolved", true),
                node.integer("max_alerts", 10, 1, 40), node.duration("min_interval", Duration.ofSeconds(1)));
    }

    private IntegrationConfig pagerDuty(ConfigNode node, String name) {
        node.rejectUnknownKeys(Set.of("routing_key", "routing_key_env", "routing_key_file", "url", "source", "send_resolved"));
        Secret key = node.requiredSecret("routing_key");
        if (!key.reveal().isEmpty() && key.reveal().length() != 32) {
            node.problem("routing_key_env", "the routing key from " + key.source() + " must be 32 characters long");
        }
        URI url = PAGERDUTY_EVENTS_V2;
        Optional<String> given = node.optionalString("url");
        if (given.isPresent()) {
            url = httpUri(node, "url", given.get()).orElse(PAGERDUTY_EVENTS_V2);
        }
        return new IntegrationConfig.PagerDuty(name, key, url, node.string("source", "driftwatch"), node.bool("send_resolved", true));
    }

    private IntegrationConfig email(ConfigNode node, String name) {
        node.rejectUnknownKeys(Set.of("to", "from", "smarthost", "starttls", "auth_username", "auth_password",
                "auth_password_env", "auth_password_file", "timeout", "send_resolved"));
        List<String> to = node.strings("to");
        if (to.isEmpty()) {
            node.problem("to", "at least one address is required");
        }
        String from = node.requiredString("from");
        String smarthost = node.requiredString("smarthost");
        int colon = smarthost.lastIndexOf(':');
        int port = 25;
        if (!smarthost.isEmpty()) {
            try {
                port = Integer.parseInt(smarthost.substring(colon + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                node.problem("smarthost", "'" + smarthost + "' is not host:port");
            }
        }
        String startTlsText = node.string("starttls", "opportunistic");
        IntegrationConfig.StartTls startTls = IntegrationConfig.StartTls.OPPORTUNISTIC;
        try {
            startTls = IntegrationConfig.StartTls.valueOf(startTlsText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            node.problem("starttls", "'" + startTlsText + "' is not one of off, opportunistic, required");
        }
        Optional<String> username = node.optionalString("auth_username");
        Optional<Secret> password = node.secret("auth_password");
        boolean passwordGiven = node.has("auth_password") || node.has("auth_password_env") || node.has("auth_password_file");
        if (username.isPresent() != passwordGiven) {
            node.problem("auth_username", "auth_username and auth_password_env/_file go together");
        }
        return new IntegrationConfig.Email(name, colon > 0 ? smarthost.substring(0, colon) : smarthost, port, from, to,
                startTls, username, password, node.duration("timeout", Duration.ofSeconds(10)), node.bool("send_resolved", true));
    }

    private IntegrationConfig console(ConfigNode node, String name) {
        node.rejectUnknownKeys(Set.of("send_resolved"));
        return new IntegrationConfig.Console(name, node.bool("send_resolved", true));
    }

    private static Optional<URI> httpUri(ConfigNode node, String key, String text) {
        if (isHttpUrl(text)) {
            return Optional.of(URI.create(text));
        }
        node.problem(key, "'" + text + "' is not an http(s) URL");
        return Optional.empty();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private RouteConfig rootRoute(ConfigNode root, List<String> receivers) {
        ConfigNode node = root.child("route");
        if (!root.has("route")) {
            root.problem("route", "is required");
        }
        for (String key : List.of("matchers", "continue")) {
            if (node.has(key)) {
                node.problem(key, "not allowed on the root route, which matches every alert");
            }
        }
        RouteConfig defaults = new RouteConfig("route", "", List.of(), List.of(), DEFAULT_GROUP_WAIT,
                DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL, false, List.of());
        RouteConfig route = route(node, defaults, receivers);
        if (route.receiver().isEmpty()) {
            node.problem("receiver", "is required on the root route");
        }
        return route;
    }

    private RouteConfig route(ConfigNode node, RouteConfig parent, List<String> receivers) {
        node.rejectUnknownKeys(Set.of("receiver", "matchers", "group_by", "group_wait", "group_interval",
                "repeat_interval", "continue", "routes"));
        String receiver = node.string("receiver", parent.receiver());
        if (node.has("receiver") && !receivers.contains(receiver)) {
            node.problem("receiver", "no receiver named '" + receiver + "' (defined: " + receivers + ")");
        }
        List<Matcher> matchers = matchers(node, "matchers");
        List<String> groupBy = node.has("group_by") ? node.strings("group_by") : parent.groupBy();
        Duration groupWait = node.duration("group_wait", parent.groupWait());
        Duration groupInterval = node.duration("group_interval", parent.groupInterval());
        Duration repeatInterval = node.duration("repeat_interval", parent.repeatInterval());
        if (groupInterval.isZero()) {
            node.problem("group_interval", "must be longer than 0s");
        }
        if (repeatInterval.isZero()) {
            node.problem("repeat_interval", "must be longer than 0s");
        }
        RouteConfig self = new RouteConfig(node.path(), receiver, matchers, groupBy, groupWait, groupInterval,
                repeatInterval, node.bool("continue", false), List.of());
        List<RouteConfig> children = node.children("routes").stream().map(child -> route(child, self, receivers)).toList();
        return new RouteConfig(self.path(), receiver, matchers, groupBy, groupWait, groupInterval, repeatInterval,
                self.continueMatching(), children);
    }

    private InhibitRuleConfig inhibitRule(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("source_matchers", "target_matchers", "equal"));
        return new InhibitRuleConfig(nonEmptyMatchers(node, "source_matchers"), nonEmptyMatchers(node, "target_matchers"),
                node.strings("equal"));
    }

    private static List<Matcher> nonEmptyMatchers(ConfigNode node, String key) {
        List<String> texts = node.strings(key);
        if (texts.isEmpty()) {
            node.problem(key, "at least one matcher is required");
        }
        return parseMatchers(node, key, texts);
    }

    private static List<Matcher> matchers(ConfigNode node, String key) {
        return parseMatchers(node, key, node.strings(key));
    }

    private static List<Matcher> parseMatchers(ConfigNode node, String key, List<String> texts) {
        List<Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                matchers.add(Matcher.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                node.problem(key + "[" + i + "]", e.getMessage());
            }
        }
        return matchers;
    }
}
