package io.driftwatch.demo.stack;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.ConfigLoader;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.config.JobConfigLoader;
import io.driftwatch.trainer.config.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The configurations the embedded stack gives its services, written as the same YAML a user would
 * write, so they are validated exactly like a user's files.
 */
public final class StackConfigs {
    /** Where the drift job writes when no InfluxDB is named: the documented default server. */
    public static final String DEFAULT_INFLUX_URL = "http://localhost:8086";
    /** Environment variables that add a Slack or PagerDuty receiver; their values are never read here. */
    public static final String SLACK_WEBHOOK_ENV = "SLACK_WEBHOOK_URL";
    public static final String PAGERDUTY_KEY_ENV = "PAGERDUTY_ROUTING_KEY";

    private StackConfigs() {}

    /**
     * The drift job of the embedded stack when the user gives no file: one-minute windows, a
     * one-second checkpoint interval (so exactly-once alerts appear within a second of their window),
     * and a training window of {@code firing-after} windows, so that a retrain request asks for data
     * from after the drift began only.
     */
    public static JobConfig defaultJob(String influxUrl, List<String> allowedModels) {
        String yaml = """
                kafka:
                  bootstrap-servers: localhost:9092
                  group-id: driftwatch-embedded
                topics:
                  predictions: {name: predictions, format: avro}
                  labels: {name: labels, format: avro}
                  labelled-examples: labelled-examples
                windows:
                  size: 1m
                  allowed-lateness: 5s
                  out-of-orderness: 1s
                  idleness: 2s
                models:
                  allowed: [%s]
                influxdb:
                  url: %s
                  database: driftwatch
                  max-backoff: 2s
                alerts:
                  firing-after: 2
                  resolve-after: 2
                  metrics: [psi, ks]
                  model-drift-share: 0.3
                  retrain-cooldown: 5m
                  training-window: 2m
                  labels: {env: embedded}
                performance:
                  label-horizon: 2m
                  alert-delay: 1m
                  min-labelled: 100
                  alert-metrics: [accuracy]
                checkpoints:
                  interval: 1s
                  transaction-timeout: 1m
                parallelism: 2
                """.formatted(String.join(", ", allowedModels), influxUrl);
        return JobConfigLoader.parse(yaml, "embedded job configuration");
    }

    /**
     * The alerting service: every alert to the console receiver, and to Slack and PagerDuty too when
     * their environment variables are set (the configuration names the variables, never the secrets).
     * Short group waits so the console shows an alert within seconds of its window.
     */
    public static AlertingConfig alerting(String bootstrap, JobConfig.Topics topics, Function<String, String> env) {
        StringBuilder receiver = new StringBuilder("""
                  - name: embedded
                    console_configs:
                      - send_resolved: true
                """);
        if (isSet(env.apply(SLACK_WEBHOOK_ENV))) {
            receiver.append("""
                        slack_configs:
                          - webhook_url_env: %s
                            send_resolved: true
                    """.formatted(SLACK_WEBHOOK_ENV));
        }
        if (isSet(env.apply(PAGERDUTY_KEY_ENV))) {
            receiver.append("""
                        pagerduty_configs:
                          - routing_key_env: %s
                            source: driftwatch-embedded
                            send_resolved: true
                    """.formatted(PAGERDUTY_KEY_ENV));
        }
        String yaml = """
                kafka:
                  bootstrap_servers: %s
                  group_id: driftwatch-embedded-alerting
                  alerts_topic: %s
                  state_topic: %s
                  failures_topic: %s
                  dead_letters_topic: %s
                http:
                  listen: 127.0.0.1:0
                route:
                  receiver: embedded
                  group_by: [model, version]
                  group_wait: 1s
                  group_interval: 5s
                  repeat_interval: 1h
                receivers:
                %s""".formatted(bootstrap, topics.alerts(), StackTopics.ALERTING_STATE, StackTopics.ALERT_DELIVERY_FAILURES,
                topics.deadLetters(), receiver);
        return new ConfigLoader(env).parse(yaml);
    }

    /** Which receivers the alerting service notifies, for the console (names only). */
    public static String receivers(Function<String, String> env) {
        return "console" + (isSet(env.apply(SLACK_WEBHOOK_ENV)) ? " + Slack" : "")
                + (isSet(env.apply(PAGERDUTY_KEY_ENV)) ? " + PagerDuty" : "");
    }

    /**
     * The trainer of one model: no cooldown (the story retrains minutes of event time after the
     * bootstrap), labels at most ten minutes late, the challenger must beat the champion's AUC by 0.02.
     */
    public static TrainerConfig trainer(String bootstrap, JobConfig.Topics topics, Path registry, String model,
                                        String positiveClass) {
        String yaml = """
                kafka:
                  bootstrap_servers: %s
                  group_id: driftwatch-embedded-trainer
                topics:
                  retrain_requests: %s
                  labelled_examples: %s
                  model_deployments: %s
                  baselines: %s
                registry:
                  path: %s
                service:
                  cooldown: 0s
                  retry_backoff: 1s
                  max_retry_backoff: 10s
                  label_delay: 10m
                  read_timeout: 30s
                models:
                  - id: %s
                    positive_class: "%s"
                    evaluation:
                      metric: auc
                      min_improvement: 0.02
                      fraction: 0.2
                      min_training_rows: 200
                      min_evaluation_rows: 50
                    training:
                      type: logistic_regression
                      epochs: 10
                      seed: 42
                    data:
                      source: topic
                """.formatted(bootstrap, topics.retrainRequests(), StackTopics.LABELLED_EXAMPLES,
                StackTopics.MODEL_DEPLOYMENTS, topics.baselines(), registry.toAbsolutePath(), model, positiveClass);
        return io.driftwatch.trainer.config.ConfigLoader.withSystemEnvironment().parse(yaml);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
