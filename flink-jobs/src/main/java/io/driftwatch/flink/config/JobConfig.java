package io.driftwatch.flink.config;

import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.schema.validate.ValidationLimits;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The drift job's whole configuration: one YAML document (see {@code flink-jobs/README.md} and
 * {@code job.example.yaml}) read by {@link JobConfigLoader}. Every section has defaults; every
 * record validates itself when built and names the bad key, which the loader prefixes with the
 * section path ({@code windows.allowed-lateness: must not be negative}).
 *
 * <p>Serializable because operators carry the parts they need to the task managers. Secrets are
 * carried as references ({@link Secret}) and read where they are used, never as values.
 */
public record JobConfig(Kafka kafka, Topics topics, Windows windows, Models models, Validation validation,
                        Influx influxdb, Alerts alerts, Checkpoints checkpoints, Integer parallelism,
                        Performance performance)
        implements Serializable {

    public JobConfig {
        ConfigCheck.required("kafka", kafka);
        ConfigCheck.required("influxdb", influxdb);
        topics = topics == null ? Topics.DEFAULTS : topics;
        windows = windows == null ? Windows.DEFAULTS : windows;
        models = models == null ? Models.DEFAULTS : models;
        validation = validation == null ? Validation.DEFAULTS : validation;
        alerts = alerts == null ? Alerts.DEFAULTS : alerts;
        checkpoints = checkpoints == null ? Checkpoints.DEFAULTS : checkpoints;
        parallelism = parallelism == null ? 2 : parallelism;
        performance = performance == null ? Performance.DEFAULTS : performance;
        ConfigCheck.that(parallelism >= 1, "parallelism", "must be at least 1, got " + parallelism);
    }

    public JobConfig withKafka(Kafka replacement) {
        return new JobConfig(replacement, topics, windows, models, validation, influxdb, alerts, checkpoints, parallelism, performance);
    }

    public JobConfig withInflux(Influx replacement) {
        return new JobConfig(kafka, topics, windows, models, validation, replacement, alerts, checkpoints, parallelism, performance);
    }

    public JobConfig withCheckpoints(Checkpoints replacement) {
        return new JobConfig(kafka, topics, windows, models, validation, influxdb, alerts, replacement, parallelism, performance);
    }

    public JobConfig withParallelism(int replacement) {
        return new JobConfig(kafka, topics, windows, models, validation, influxdb, alerts, checkpoints, replacement, performance);
    }

    /**
     * Where the job reads and writes.
     *
     * @param bootstrapServers {@code host:port[,host:port]}
     * @param groupId consumer group of the sources (offsets are committed on checkpoints)
     * @param properties extra client properties for every source and sink (security, timeouts)
     */
    public record Kafka(String bootstrapServers, String groupId, Map<String, String> properties)
            implements Serializable {
        public Kafka {
            ConfigCheck.notBlank("bootstrap-servers", bootstrapServers);
            groupId = groupId == null ? "driftwatch-drift-job" : groupId;
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        public Kafka withBootstrapServers(String servers) {
            return new Kafka(servers, groupId, properties);
        }
    }

    /** One input topic and how its records are written. */
    public record InputTopic(String name, WireFormat format) implements Serializable {
        public InputTopic {
            ConfigCheck.notBlank("name", name);
            format = format == null ? WireFormat.AVRO : format;
        }
    }

    /**
     * Topic names. {@code features} is optional: leave it out when every service logs its features
     * with its predictions.
     */
    public record Topics(InputTopic predictions, InputTopic features, String baselines, String alerts,
                         String retrainRequests, String deadLetters, InputTopic labels, String labelledExamples)
            implements Serializable {
        static final Topics DEFAULTS = new Topics(null, null, null, null, null, null, null, null);

        public Topics {
            predictions = predictions == null ? new InputTopic("predictions", WireFormat.AVRO) : predictions;
            baselines = baselines == null ? "baselines" : baselines;
            alerts = alerts == null ? "drift-alerts" : alerts;
            retrainRequests = retrainRequests == null ? "retrain-requests" : retrainRequests;
            deadLetters = deadLetters == null ? "dead-letters" : deadLetters;
            labelledExamples = labelledExamples == null ? "labelled-examples" : labelledExamples;
        }

        /** The topics of events: predictions, and features when configured. */
        public List<EventTopic> eventTopics() {
            List<EventTopic> topics = new ArrayList<>();
            topics.add(new EventTopic(predictions, EventKind.PREDICTION));
            if (features != null) {
                topics.add(new EventTopic(features, EventKind.FEATURE));
            }
            return topics;
        }
    }

    /**
     * Model performance (see the README's Performance section): realized from joined labels, estimated
     * (CBPE) and latency, per window of prediction time.
     *
     * @param labelHorizon how long (event time) a prediction waits for its label; then it counts as
     *     unlabelled and its state is dropped. Also how long a window's realized performance is kept
     *     and re-written as late labels arrive
     * @param alertDelay after a window's end, how much event time its labels get before its realized
     *     performance is compared to the baseline (once, in window order); at most the horizon
     * @param minLabelled fewer labelled predictions than this in a window: no performance alert
     * @param alertMetrics realized metrics alerted on, each compared to the baseline's
     *     {@code evaluation_metrics} entry of the same name: accuracy, precision, recall, f1, auc
     * @param warningDrop relative drop below the baseline value that is a warning (0.05 = 5% lower)
     * @param criticalDrop relative drop that is critical
     * @param latencyP99 p99 latency limits in ms, or absent for no latency alerts
     */
    public record Performance(Duration labelHorizon, Duration alertDelay, Integer minLabelled,
                              List<String> alertMetrics, Double warningDrop, Double criticalDrop, Limits latencyP99)
            implements Serializable {
        /** Metrics where larger is better, so a drop below the baseline is the breach. */
        public static final List<String> ALERTABLE = List.of("accuracy", "precision", "recall", "f1", "auc");
        static final Performance DEFAULTS = new Performance(null, null, null, null, null, null, null);

        public Performance {
            labelHorizon = labelHorizon == null ? Duration.ofDays(1) : labelHorizon;
            alertDelay = alertDelay == null ? Duration.ofHours(1) : alertDelay;
            minLabelled = minLabelled == null ? 100 : minLabelled;
            alertMetrics = alertMetrics == null ? List.of("accuracy") : List.copyOf(alertMetrics);
            warningDrop = warningDrop == null ? 0.05 : warningDrop;
            criticalDrop = criticalDrop == null ? 0.10 : criticalDrop;
            ConfigCheck.that(labelHorizon.toMillis() >= 1000, "label-horizon", "must be at least 1s");
            ConfigCheck.notNegative("alert-delay", alertDelay);
            ConfigCheck.that(alertDelay.compareTo(labelHorizon) <= 0, "alert-delay",
                    "must not exceed label-horizon " + labelHorizon + " (the window's labels are gone after it)");
            ConfigCheck.that(minLabelled >= 1, "min-labelled", "must be at least 1");
            for (String metric : alertMetrics) {
                ConfigCheck.that(ALERTABLE.contains(metric), "alert-metrics", "'" + metric + "' is not one of "
                        + ALERTABLE);
            }
            ConfigCheck.that(warningDrop > 0 && warningDrop <= criticalDrop && criticalDrop < 1, "critical-drop",
                    "needs 0 < warning-drop <= critical-drop < 1, got " + warningDrop + " and " + criticalDrop);
        }
    }

    /** Which Avro record a topic carries. */
    public enum EventKind {
        PREDICTION,
        FEATURE
    }

    /** An input topic together with the kind of event on it. */
    public record EventTopic(InputTopic topic, EventKind kind) implements Serializable {}

    /**
     * Event-time windows.
     *
     * @param size tumbling window length
     * @param allowedLateness how long after a window's end late events still update it (and re-write
     *     its InfluxDB points); later ones are dead-lettered {@code too-late}
     * @param outOfOrderness watermark delay behind the largest event time seen per partition
     * @param idleness a partition silent this long stops holding back the watermark
     * @param saltBuckets how many sub-keys one model version is spread over for pre-aggregation; 0 means
     *     four per parallel subtask
     * @param segmentTag segment tag that splits windows, or absent
     * @param segmentValues the segment values tracked on their own (the cardinality cap); other values
     *     fall into segment {@code other}, events without the tag into {@code none}
     */
    public record Windows(Duration size, Duration allowedLateness, Duration outOfOrderness, Duration idleness,
                          Integer saltBuckets, String segmentTag, List<String> segmentValues)
            implements Serializable {
        static final Windows DEFAULTS = new Windows(null, null, null, null, null, null, null);

        public Windows {
            size = size == null ? Duration.ofMinutes(5) : size;
            allowedLateness = allowedLateness == null ? Duration.ofMinutes(1) : allowedLateness;
            outOfOrderness = outOfOrderness == null ? Duration.ofSeconds(30) : outOfOrderness;
            idleness = idleness == null ? Duration.ofMinutes(1) : idleness;
            saltBuckets = saltBuckets == null ? 0 : saltBuckets;
            segmentValues = segmentValues == null ? List.of() : List.copyOf(segmentValues);
            ConfigCheck.that(size.toMillis() >= 1000, "size", "must be at least 1s, got " + size);
            ConfigCheck.notNegative("allowed-lateness", allowedLateness);
            ConfigCheck.notNegative("out-of-orderness", outOfOrderness);
            ConfigCheck.that(idleness.toMillis() > 0, "idleness", "must be positive");
            ConfigCheck.that(saltBuckets >= 0, "salt-buckets", "must be 0 (automatic) or more");
            ConfigCheck.that(segmentTag != null || segmentValues.isEmpty(), "segment-values",
                    "needs segment-tag");
            ConfigCheck.that(segmentValues.size() <= 100, "segment-values", "at most 100 values");
        }

        /** Salt buckets for a job of {@code parallelism} subtasks. */
        public int saltBucketsFor(int parallelism) {
            return saltBuckets > 0 ? saltBuckets : 4 * parallelism;
        }
    }

    /** What happens to an event whose model version has no baseline yet. */
    public enum UnknownVersionPolicy {
        /** Hold it (bounded) until the baseline arrives, then dead-letter it as {@code no-baseline}. */
        HOLD,
        /** Dead-letter it at once as {@code unknown-model}. */
        REJECT
    }

    /**
     * Which models are monitored.
     *
     * @param allowed model ids accepted; empty accepts any model id
     * @param unknownVersion policy for events of versions without a baseline
     * @param holdTime how long such events are held (processing time)
     * @param maxHeldEvents held events per (model, version, salt); more are dead-lettered at once
     * @param maxVersions cap on model versions with a baseline (the job's key and series cardinality);
     *     baselines beyond it are dead-lettered {@code unknown-model}
     */
    public record Models(List<String> allowed, UnknownVersionPolicy unknownVersion, Duration holdTime,
                         Integer maxHeldEvents, Integer maxVersions) implements Serializable {
        static final Models DEFAULTS = new Models(null, null, null, null, null);

        public Models {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
            unknownVersion = unknownVersion == null ? UnknownVersionPolicy.HOLD : unknownVersion;
            holdTime = holdTime == null ? Duration.ofMinutes(5) : holdTime;
            maxHeldEvents = maxHeldEvents == null ? 10_000 : maxHeldEvents;
            maxVersions = maxVersions == null ? 1_000 : maxVersions;
            ConfigCheck.that(holdTime.toMillis() > 0, "hold-time", "must be positive");
            ConfigCheck.that(maxHeldEvents >= 0, "max-held-events", "must not be negative");
            ConfigCheck.that(maxVersions >= 1, "max-versions", "must be at least 1");
        }

        public boolean isAllowed(String modelId) {
            return allowed.isEmpty() || allowed.contains(modelId);
        }
    }

    /**
     * Bounds on input; see {@link ValidationLimits}. {@code maxPayloadBytes} caps the raw bytes copied
     * into a dead letter; {@code avroMaxCollectionItems} and {@code avroMaxStringBytes} become Avro's
     * {@code org.apache.avro.limits.*} so a hostile length prefix cannot make the decoder allocate.
     */
    public record Validation(Integer maxIdLength, Integer maxFeatureNameLength, Integer maxFeatures,
                             Integer maxStringLength, Duration maxFutureSkew, Integer maxPayloadBytes,
                             Integer avroMaxCollectionItems, Integer avroMaxStringBytes) implements Serializable {
        static final Validation DEFAULTS = new Validation(null, null, null, null, null, null, null, null);

        public Validation {
            ValidationLimits d = ValidationLimits.DEFAULTS;
            maxIdLength = maxIdLength == null ? d.maxIdLength() : maxIdLength;
            maxFeatureNameLength = maxFeatureNameLength == null ? d.maxFeatureNameLength() : maxFeatureNameLength;
            maxFeatures = maxFeatures == null ? d.maxFeatures() : maxFeatures;
            maxStringLength = maxStringLength == null ? d.maxStringLength() : maxStringLength;
            maxFutureSkew = maxFutureSkew == null ? d.maxFutureSkew() : maxFutureSkew;
            maxPayloadBytes = maxPayloadBytes == null ? 64 * 1024 : maxPayloadBytes;
            avroMaxCollectionItems = avroMaxCollectionItems == null ? 100_000 : avroMaxCollectionItems;
            avroMaxStringBytes = avroMaxStringBytes == null ? 1024 * 1024 : avroMaxStringBytes;
            ConfigCheck.that(maxPayloadBytes >= 0, "max-payload-bytes", "must not be negative");
            ConfigCheck.that(avroMaxCollectionItems > 0, "avro-max-collection-items", "must be positive");
            ConfigCheck.that(avroMaxStringBytes > 0, "avro-max-string-bytes", "must be positive");
            ConfigCheck.that(maxIdLength > 0, "max-id-length", "must be positive");
            ConfigCheck.that(maxFeatureNameLength > 0, "max-feature-name-length", "must be positive");
            ConfigCheck.that(maxFeatures > 0, "max-features", "must be positive");
            ConfigCheck.that(maxStringLength > 0, "max-string-length", "must be positive");
            ConfigCheck.notNegative("max-future-skew", maxFutureSkew);
        }

        public ValidationLimits limits() {
            return new ValidationLimits(maxIdLength, maxFeatureNameLength, maxFeatures, maxStringLength, maxFutureSkew);
        }
    }

    /**
     * The InfluxDB server, written through the v1 {@code /write} API (1.x natively, 2.x and 3.x
     * through their v1 compatibility endpoints).
     *
     * @param username user for 1.x basic auth, or absent
     * @param password password for 1.x, or absent
     * @param token API token for 2.x/3.x ({@code Authorization: Token ...}), or absent
     * @param batchSize points per write request; also the most points buffered per sink subtask
     * @param maxBackoff longest wait between retries while the server is down
     * @param createDatabase send {@code CREATE DATABASE} at start (1.x; harmless when it exists)
     */
    public record Influx(String url, String database, String retentionPolicy, String username, Secret password,
                         Secret token, Integer batchSize, Duration maxBackoff, Boolean createDatabase)
            implements Serializable {
        public Influx {
            ConfigCheck.notBlank("url", url);
            ConfigCheck.that(url.startsWith("http://") || url.startsWith("https://"), "url",
                    "must start with http:// or https://, got " + url);
            database = database == null ? "driftwatch" : database;
            batchSize = batchSize == null ? 500 : batchSize;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
            createDatabase = createDatabase == null ? Boolean.TRUE : createDatabase;
            ConfigCheck.that(batchSize >= 1 && batchSize <= 50_000, "batch-size", "must be 1..50000");
            ConfigCheck.that(maxBackoff.toMillis() >= 10, "max-backoff", "must be at least 10ms");
            ConfigCheck.that(password == null || username != null, "password", "needs username");
            ConfigCheck.that(token == null || username == null, "token", "use either token or username/password");
        }

        public Influx withUrl(String replacement) {
            return new Influx(replacement, database, retentionPolicy, username, password, token, batchSize,
                    maxBackoff, createDatabase);
        }

        @Override
        public String toString() {
            return "Influx[url=" + url + ", database=" + database + ", username=" + username + ", password="
                    + password + ", token=" + token + "]";
        }
    }

    /** Warning and critical limits of a metric where larger is worse. */
    public record Limits(Double warning, Double critical) implements Serializable {
        public Limits {
            ConfigCheck.required("warning", warning);
            ConfigCheck.required("critical", critical);
            ConfigCheck.that(warning <= critical, "critical", "must be at or above warning " + warning);
        }
    }

    /**
     * Kolmogorov–Smirnov alerting: a window breaches only when p is below {@code pValue} <em>and</em> D
     * is at least the effect-size floor, because at large n every tiny shift is significant.
     */
    public record KsLimits(Double pValue, Double warningD, Double criticalD) implements Serializable {
        public KsLimits {
            pValue = pValue == null ? 0.05 : pValue;
            warningD = warningD == null ? 0.1 : warningD;
            criticalD = criticalD == null ? 0.2 : criticalD;
            ConfigCheck.that(pValue > 0 && pValue < 1, "p-value", "must be in (0, 1)");
            ConfigCheck.that(warningD <= criticalD, "critical-d", "must be at or above warning-d " + warningD);
        }
    }

    /** Limits of every alertable metric; in overrides, absent ones are inherited. */
    public record Thresholds(Limits psi, KsLimits ks, Limits js, Limits wasserstein) implements Serializable {
        public static final Thresholds DEFAULTS = new Thresholds(new Limits(0.1, 0.25), new KsLimits(null, null, null),
                new Limits(0.1, 0.2), new Limits(0.1, 0.25));

        /** These limits with every limit {@code override} sets replacing the one here. */
        public Thresholds overriddenBy(Thresholds override) {
            return new Thresholds(override.psi != null ? override.psi : psi, override.ks != null ? override.ks : ks,
                    override.js != null ? override.js : js,
                    override.wasserstein != null ? override.wasserstein : wasserstein);
        }
    }

    /** Thresholds for one model, or one feature of one model. */
    public record ThresholdOverride(String model, String feature, Limits psi, KsLimits ks, Limits js,
                                    Limits wasserstein) implements Serializable {
        public ThresholdOverride {
            ConfigCheck.notBlank("model", model);
        }

        Thresholds thresholds() {
            return new Thresholds(psi, ks, js, wasserstein);
        }
    }

    /** The drift metrics an alert can be raised on. */
    public enum AlertMetric {
        PSI("psi"),
        KS("ks"),
        JS("js"),
        WASSERSTEIN("wasserstein");

        private final String label;

        AlertMetric(String label) {
            this.label = label;
        }

        /** The {@code metric} written into alerts and their fingerprints. */
        public String label() {
            return label;
        }
    }

    /**
     * Alerting.
     *
     * @param firingAfter consecutive breaching windows before FIRING
     * @param resolveAfter consecutive clean windows before RESOLVED
     * @param metrics the metrics alerted on, per feature
     * @param defaults limits for every model and feature
     * @param overrides per model (and feature) limits; a feature override wins over a model one
     * @param modelDriftShare share of a version's features firing at which the model-level alert fires
     *     (a firing prediction metric counts as drift on its own)
     * @param retrainCooldown at most one retrain request per model in this much event time
     * @param trainingWindow event-time range a retrain request asks to train on, ending at the window
     * @param labels extra labels on every alert (team, environment)
     * @param dashboardUrl link template; {model}, {version}, {feature}, {metric} are filled in
     * @param runbookUrl link template, same placeholders
     */
    public record Alerts(Integer firingAfter, Integer resolveAfter, List<AlertMetric> metrics, Thresholds defaults,
                         List<ThresholdOverride> overrides, Double modelDriftShare, Duration retrainCooldown,
                         Duration trainingWindow, Map<String, String> labels, String dashboardUrl, String runbookUrl)
            implements Serializable {
        static final Alerts DEFAULTS = new Alerts(null, null, null, null, null, null, null, null, null, null, null);

        public Alerts {
            firingAfter = firingAfter == null ? 2 : firingAfter;
            resolveAfter = resolveAfter == null ? 2 : resolveAfter;
            metrics = metrics == null ? List.of(AlertMetric.PSI, AlertMetric.KS) : List.copyOf(metrics);
            defaults = defaults == null ? Thresholds.DEFAULTS : Thresholds.DEFAULTS.overriddenBy(defaults);
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
            modelDriftShare = modelDriftShare == null ? 0.3 : modelDriftShare;
            retrainCooldown = retrainCooldown == null ? Duration.ofHours(24) : retrainCooldown;
            trainingWindow = trainingWindow == null ? Duration.ofDays(7) : trainingWindow;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            dashboardUrl = dashboardUrl == null ? "" : dashboardUrl;
            runbookUrl = runbookUrl == null ? "" : runbookUrl;
            ConfigCheck.that(firingAfter >= 1, "firing-after", "must be at least 1");
            ConfigCheck.that(resolveAfter >= 1, "resolve-after", "must be at least 1");
            ConfigCheck.that(modelDriftShare > 0 && modelDriftShare <= 1, "model-drift-share", "must be in (0, 1]");
            ConfigCheck.notNegative("retrain-cooldown", retrainCooldown);
            ConfigCheck.that(trainingWindow.toMillis() > 0, "training-window", "must be positive");
        }

        /** Limits for one feature of one model: defaults, then the model's override, then the feature's. */
        public Thresholds thresholdsFor(String model, String feature) {
            Thresholds result = defaults;
            for (ThresholdOverride o : overrides) {
                if (o.model().equals(model) && o.feature() == null) {
                    result = result.overriddenBy(o.thresholds());
                }
            }
            for (ThresholdOverride o : overrides) {
                if (o.model().equals(model) && feature.equals(o.feature())) {
                    result = result.overriddenBy(o.thresholds());
                }
            }
            return result;
        }
    }

    /**
     * Checkpointing, which the exactly-once Kafka sinks and the InfluxDB sink's flush depend on.
     *
     * @param interval time between checkpoints: alerts become visible to read_committed consumers
     *     when the checkpoint after them completes
     * @param directory checkpoint storage URI ({@code file:///...}, {@code s3://...}), or absent for
     *     the job manager's memory (local runs only)
     * @param transactionTimeout Kafka transaction timeout of the exactly-once sinks; must not exceed
     *     the broker's {@code transaction.max.timeout.ms} (15 min by default)
     */
    public record Checkpoints(Duration interval, String directory, Duration transactionTimeout)
            implements Serializable {
        static final Checkpoints DEFAULTS = new Checkpoints(null, null, null);

        public Checkpoints {
            interval = interval == null ? Duration.ofSeconds(30) : interval;
            transactionTimeout = transactionTimeout == null ? Duration.ofMinutes(10) : transactionTimeout;
            ConfigCheck.that(interval.toMillis() >= 10, "interval", "must be at least 10ms");
            ConfigCheck.that(transactionTimeout.compareTo(Duration.ofMinutes(15)) <= 0, "transaction-timeout",
                    "must be at most 15m, the broker's default transaction.max.timeout.ms");
            ConfigCheck.that(transactionTimeout.compareTo(interval) > 0, "transaction-timeout",
                    "must be longer than the checkpoint interval");
        }

        public Checkpoints withDirectory(String replacement) {
            return new Checkpoints(interval, replacement, transactionTimeout);
        }
    }
}
