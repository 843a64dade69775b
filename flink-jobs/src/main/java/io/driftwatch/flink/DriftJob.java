package io.driftwatch.flink;

import io.driftwatch.events.Baseline;
import io.driftwatch.events.DeadLetter;
import io.driftwatch.events.DriftAlert;
import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.RetrainRequest;
import io.driftwatch.flink.alert.AlertEvaluator;
import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.decode.LabelObservation;
import io.driftwatch.flink.decode.Observation;
import io.driftwatch.flink.decode.RouteDecoded;
import io.driftwatch.flink.decode.Segments;
import io.driftwatch.flink.evaluate.WindowEvaluation;
import io.driftwatch.flink.evaluate.WindowEvaluator;
import io.driftwatch.flink.influx.AlertPoints;
import io.driftwatch.flink.influx.DeadLetterStats;
import io.driftwatch.flink.influx.InfluxPoint;
import io.driftwatch.flink.influx.InfluxPoints;
import io.driftwatch.flink.influx.InfluxSink;
import io.driftwatch.flink.performance.LabelJoin;
import io.driftwatch.flink.performance.PerformanceAggregator;
import io.driftwatch.flink.performance.PerformanceAlerts;
import io.driftwatch.flink.performance.PerformanceEvent;
import io.driftwatch.flink.performance.PerformancePoints;
import io.driftwatch.flink.performance.PerformanceReport;
import io.driftwatch.flink.performance.PredictionFacts;
import io.driftwatch.flink.sink.KafkaSinks;
import io.driftwatch.flink.source.KafkaSources;
import io.driftwatch.flink.window.BaselineRegistry;
import io.driftwatch.flink.window.PartialProfile;
import io.driftwatch.flink.window.ProfileAggregator;
import io.driftwatch.flink.window.ProfileAggregatorOperator;
import io.driftwatch.flink.window.SaltedKey;
import io.driftwatch.flink.window.WindowKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The streaming drift job, assembled from sources and sinks handed to it (so tests and other
 * deployments can plug their own ends); {@link #kafkaSources} and {@link #productionSinks} are the
 * one place where Kafka and InfluxDB are wired.
 *
 * <pre>
 * predictions, features ─ decode+validate ─┬─ pre-aggregate (model, version, segment, salt) ─ evaluate (model, version, segment) ─┬─ InfluxDB
 * baselines ─ decode ── broadcast ─────────┴──────────────┴─────────────────────────────────────────────────────────────────────────┤
 *                                                                                                   alerts (model) ─ drift-alerts, retrain-requests
 * every refused record ─ dead-letters (and per-reason counts to InfluxDB's engine measurement)
 * predictions (from pre-aggregate) + labels ─ label join ─ performance windows ─ InfluxDB, performance alerts ─ drift-alerts;
 *                                                      └─ labelled-examples      (see {@link #addPerformance})
 * </pre>
 */
public final class DriftJob {
    /** How often per-reason dead-letter counts are written to InfluxDB while dead letters arrive. */
    static final long DEAD_LETTER_REPORT_INTERVAL_MS = 5_000;

    private final JobConfig config;
    private final Sources sources;
    private final Sinks sinks;

    /** Where events, baselines and (optionally) labels come from. */
    public record Sources(List<Source<Either<Observation, DeadLetter>, ?, ?>> events,
                          Source<Either<Baseline, DeadLetter>, ?, ?> baselines,
                          Optional<Source<Either<LabelObservation, DeadLetter>, ?, ?>> labels) {}

    /** Where results go. */
    public record Sinks(Sink<InfluxPoint> influx, Sink<DriftAlert> alerts, Sink<RetrainRequest> retrainRequests,
                        Sink<DeadLetter> deadLetters, Sink<LabelledExample> labelledExamples) {}

    public DriftJob(JobConfig config, Sources sources, Sinks sinks) {
        this.config = config;
        this.sources = sources;
        this.sinks = sinks;
    }

    /** Kafka sources for every configured event topic and the baselines topic. */
    public static Sources kafkaSources(JobConfig config) {
        List<Source<Either<Observation, DeadLetter>, ?, ?>> events = new ArrayList<>();
        config.topics().eventTopics().forEach(topic -> events.add(KafkaSources.events(config, topic)));
        return new Sources(events, KafkaSources.baselines(config),
                Optional.ofNullable(config.topics().labels()).map(topic -> KafkaSources.labels(config, topic)));
    }

    /**
     * InfluxDB, and exactly-once (alerts, retrain requests, labelled examples) and at-least-once (dead
     * letters) Kafka sinks.
     */
    public static Sinks productionSinks(JobConfig config) {
        return new Sinks(new InfluxSink(config.influxdb()), KafkaSinks.alerts(config),
                KafkaSinks.retrainRequests(config), KafkaSinks.deadLetters(config), KafkaSinks.labelledExamples(config));
    }

    /**
     * An execution environment for the configuration: a Flink cluster's when run by {@code flink run},
     * otherwise a local MiniCluster. Checkpointing is on (the exactly-once sinks need it) and
     * generic types are off, so no state or record silently falls back to Kryo.
     *
     * <p>Object reuse is on: chained operators hand records on by reference instead of deep-copying
     * them at every step (that copy of each decoded event was a quarter of the source task's CPU,
     * BENCHMARKS.md). The contract that makes it safe, kept by every operator of the job: no operator
     * changes a record it received, nor one it has emitted (records are immutable, accumulators are
     * emitted only when they leave state). Records that arrive over the network are always
     * deserialised into new objects, so keyed state may keep its inputs by reference (held events,
     * predictions waiting for their label).
     *
     * @param overrides further Flink settings (e.g. a savepoint to restore, a restart strategy)
     */
    public static StreamExecutionEnvironment environment(JobConfig config, Configuration overrides) {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpoints().interval());
        flink.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (config.checkpoints().directory() != null) {
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpoints().directory());
        }
        flink.addAll(overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(config.parallelism());
        return env;
    }

    /** Adds the job's operators to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        DataStream<Observation> events = null;
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        for (int i = 0; i < sources.events().size(); i++) {
            String name = sources.events().size() == 1 ? "events" : "events-" + i;
            SingleOutputStreamOperator<Observation> decoded = env
                    .fromSource(sources.events().get(i), eventWatermarks(Observation::timestamp), name + "-source")
                    .uid(name + "-source")
                    .process(new RouteDecoded<Observation>(), TypeInformation.of(Observation.class))
                    .name("decode-" + name).uid("decode-" + name);
            deadLetters.add(decoded.getSideOutput(RouteDecoded.DEAD_LETTERS));
            events = events == null ? decoded : events.union(decoded);
        }
        SingleOutputStreamOperator<Baseline> baselineRecords = env
                .fromSource(sources.baselines(), baselineWatermarks(), "baselines-source").uid("baselines-source")
                .process(new RouteDecoded<Baseline>(), new AvroTypeInfo<>(Baseline.class))
                .name("decode-baselines").uid("decode-baselines");
        deadLetters.add(baselineRecords.getSideOutput(RouteDecoded.DEAD_LETTERS));
        BroadcastStream<Baseline> baselines = baselineRecords.broadcast(BaselineRegistry.DESCRIPTOR);

        int buckets = config.windows().saltBucketsFor(env.getParallelism());
        // A custom operator rather than process(): it keeps the watermark back while events wait for
        // their baseline (ProfileAggregatorOperator). Same broadcast state, and an un-keyed broadcast
        // input, as BroadcastConnectedStream would set up.
        SingleOutputStreamOperator<PartialProfile> partials = events
                .keyBy(event -> SaltedKey.of(event, buckets), TypeInformation.of(SaltedKey.class))
                .connect(baselineRecords.broadcast())
                .transform("pre-aggregate", TypeInformation.of(PartialProfile.class),
                        new ProfileAggregatorOperator(new ProfileAggregator(config)))
                .uid("pre-aggregate");
        deadLetters.add(partials.getSideOutput(RouteDecoded.DEAD_LETTERS));

        SingleOutputStreamOperator<WindowEvaluation> evaluations = partials
                .keyBy(PartialProfile::key, TypeInformation.of(WindowKey.class))
                .connect(baselines)
                .process(new WindowEvaluator(config), TypeInformation.of(WindowEvaluation.class))
                .name("evaluate-windows").uid("evaluate-windows");

        SingleOutputStreamOperator<DriftAlert> alerts = evaluations
                .keyBy(evaluation -> evaluation.key().modelId(), Types.STRING)
                .process(new AlertEvaluator(config.alerts()),
                        new AvroTypeInfo<>(DriftAlert.class))
                .name("alerts").uid("alerts");
        Performance performance = addPerformance(env, partials.getSideOutput(ProfileAggregator.PREDICTIONS),
                baselines, deadLetters);
        DataStream<DriftAlert> allAlerts = alerts.union(performance.alerts());
        allAlerts.sinkTo(sinks.alerts()).name("drift-alerts-sink").uid("drift-alerts-sink");
        alerts.getSideOutput(AlertEvaluator.RETRAIN_REQUESTS)
                .sinkTo(sinks.retrainRequests()).name("retrain-requests-sink").uid("retrain-requests-sink");

        DataStream<DeadLetter> allDeadLetters = deadLetters.get(0);
        for (DataStream<DeadLetter> more : deadLetters.subList(1, deadLetters.size())) {
            allDeadLetters = allDeadLetters.union(more);
        }
        allDeadLetters.sinkTo(sinks.deadLetters()).name("dead-letters-sink").uid("dead-letters-sink");
        DataStream<InfluxPoint> deadLetterCounts = allDeadLetters
                .keyBy(DeadLetter::getReason, Types.STRING)
                .process(new DeadLetterStats(DEAD_LETTER_REPORT_INTERVAL_MS), TypeInformation.of(InfluxPoint.class))
                .name("dead-letter-stats").uid("dead-letter-stats");

        evaluations
                .flatMap((WindowEvaluation evaluation, Collector<InfluxPoint> out) ->
                        InfluxPoints.of(evaluation).forEach(out::collect), TypeInformation.of(InfluxPoint.class))
                .name("influx-points").uid("influx-points")
                .union(deadLetterCounts, evaluations.getSideOutput(WindowEvaluator.UNEVALUATED_EVENTS),
                        allAlerts.map(AlertPoints::of, TypeInformation.of(InfluxPoint.class))
                                .name("alert-points").uid("alert-points"), performance.points())
                .sinkTo(sinks.influx()).name("influxdb-sink").uid("influxdb-sink");
    }

    /** The outputs of the performance stages. */
    private record Performance(DataStream<DriftAlert> alerts, DataStream<InfluxPoint> points) {}

    /**
     * Performance (README, Performance): predictions joined to labels by event id, realized and
     * estimated performance and latency per window of prediction time, performance alerts, labelled
     * examples. Without a labels topic only latency and the CBPE estimate are measured.
     *
     * @param allowedPredictions the predictions of allowed models, from the pre-aggregation
     *                           ({@link ProfileAggregator#PREDICTIONS})
     */
    private Performance addPerformance(StreamExecutionEnvironment env, DataStream<Observation> allowedPredictions,
                                       BroadcastStream<Baseline> baselines, List<DataStream<DeadLetter>> deadLetters) {
        DataStream<PredictionFacts> predictions = allowedPredictions
                .map(PredictionFacts::of, TypeInformation.of(PredictionFacts.class))
                .name("prediction-facts").uid("prediction-facts");
        DataStream<PerformanceEvent> performanceEvents = predictions
                .map(PerformanceEvent::predicted, TypeInformation.of(PerformanceEvent.class))
                .name("predicted").uid("predicted");
        if (sources.labels().isPresent()) {
            SingleOutputStreamOperator<LabelObservation> labels = env
                    .fromSource(sources.labels().get(), eventWatermarks(LabelObservation::timestamp), "labels-source")
                    .uid("labels-source")
                    .process(new RouteDecoded<LabelObservation>(), TypeInformation.of(LabelObservation.class))
                    .name("decode-labels").uid("decode-labels");
            deadLetters.add(labels.getSideOutput(RouteDecoded.DEAD_LETTERS));
            SingleOutputStreamOperator<PerformanceEvent> joined = predictions
                    .keyBy(p -> LabelJoin.keyOf(p.modelId(), p.eventId()), Types.STRING)
                    .connect(labels.keyBy(l -> LabelJoin.keyOf(l.modelId(), l.eventId()), Types.STRING))
                    .process(new LabelJoin(config), TypeInformation.of(PerformanceEvent.class))
                    .name("label-join").uid("label-join");
            deadLetters.add(joined.getSideOutput(RouteDecoded.DEAD_LETTERS));
            joined.getSideOutput(LabelJoin.LABELLED_EXAMPLES).sinkTo(sinks.labelledExamples())
                    .name("labelled-examples-sink").uid("labelled-examples-sink");
            performanceEvents = performanceEvents.union(joined);
        }
        SingleOutputStreamOperator<PerformanceReport> reports = performanceEvents
                .keyBy(e -> new WindowKey(e.prediction().modelId(), e.prediction().modelVersion(), Segments.ALL),
                        TypeInformation.of(WindowKey.class))
                .connect(baselines)
                .process(new PerformanceAggregator(config), TypeInformation.of(PerformanceReport.class))
                .name("performance-windows").uid("performance-windows");
        DataStream<DriftAlert> alerts = reports
                .keyBy(PerformanceReport::modelId, Types.STRING)
                .process(new PerformanceAlerts(config), new AvroTypeInfo<>(DriftAlert.class))
                .name("performance-alerts").uid("performance-alerts");
        DataStream<InfluxPoint> points = reports
                .flatMap((PerformanceReport report, Collector<InfluxPoint> out) ->
                        PerformancePoints.of(report).forEach(out::collect), TypeInformation.of(InfluxPoint.class))
                .name("performance-points").uid("performance-points");
        return new Performance(alerts, points);
    }

    /** Builds the job on {@code env} and runs it until it ends or is cancelled. */
    public void execute(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        env.execute(jobName());
    }

    /** Builds the job on {@code env} and submits it without waiting. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        return env.executeAsync(jobName());
    }

    private String jobName() {
        return String.format(Locale.ROOT, "driftwatch drift job (%s, windows %s)",
                config.topics().predictions().name(), config.windows().size());
    }

    /** Per-partition event-time watermarks from validated event times; idle partitions do not hold them back. */
    private <T> WatermarkStrategy<Either<T, DeadLetter>> eventWatermarks(SerializableToLongFunction<T> eventTime) {
        return WatermarkStrategy.<Either<T, DeadLetter>>forBoundedOutOfOrderness(
                        config.windows().outOfOrderness())
                .withTimestampAssigner((record, kafkaTime) -> record.isLeft() ? eventTime.applyAsLong(record.left())
                        : Long.MIN_VALUE)
                .withIdleness(config.windows().idleness());
    }

    /**
     * Baselines are stamped with their publication (Kafka) time, which decides the window a replacement
     * applies from. Their input is always idle for watermarks, so the event time of a connected
     * operator is the events' own: it neither waits for baselines nor races ahead when the events
     * are idle (a MAX watermark here would close every window during a quiet period).
     */
    private static WatermarkStrategy<Either<Baseline, DeadLetter>> baselineWatermarks() {
        return WatermarkStrategy.<Either<Baseline, DeadLetter>>forGenerator(context -> new AlwaysIdle<>())
                .withTimestampAssigner((record, kafkaTime) -> kafkaTime);
    }

    /** An event's time, serializable so the watermark strategy can carry it to the task managers. */
    @FunctionalInterface
    private interface SerializableToLongFunction<T> extends java.io.Serializable {
        long applyAsLong(T value);
    }

    /** Marks the output idle: this input takes no part in the event time of a connected operator. */
    private static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
