package io.driftwatch.demo.stack;

import io.driftwatch.flink.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic of the embedded stack: the drift job's (named by its configuration), the label and
 * deployment topics of ARCHITECTURE.md, and the alerting service's state topics. All are created up
 * front, because producing into a topic created a moment ago can silently lose records.
 */
public record StackTopics(JobConfig.Topics job) {
    public static final String LABELS = "labels";
    public static final String LABELLED_EXAMPLES = "labelled-examples";
    public static final String MODEL_DEPLOYMENTS = "model-deployments";
    public static final String ALERTING_STATE = "alerting-notification-log";
    public static final String ALERT_DELIVERY_FAILURES = "alert-delivery-failures";

    /** Topic name and what flows on it, in data-flow order, for the console. */
    public Map<String, String> described() {
        Map<String, String> topics = new java.util.LinkedHashMap<>();
        job.eventTopics().forEach(topic -> topics.put(topic.topic().name(),
                (topic.kind() == JobConfig.EventKind.PREDICTION ? "PredictionEvent" : "FeatureEvent")
                        + " in, " + topic.topic().format().name().toLowerCase(java.util.Locale.ROOT)));
        topics.put(LABELS, "LabelEvent in (ground truth, later)");
        topics.put(job.baselines(), "Baseline per model version (compacted)");
        topics.put(job.alerts(), "DriftAlert out (exactly once)");
        topics.put(job.retrainRequests(), "RetrainRequest out (exactly once)");
        topics.put(LABELLED_EXAMPLES, "LabelledExample (the trainer's training data)");
        topics.put(MODEL_DEPLOYMENTS, "ModelDeployed out (trainer)");
        topics.put(job.deadLetters(), "DeadLetter out (refused records, with the reason)");
        return topics;
    }

    List<NewTopic> toCreate() {
        List<NewTopic> topics = new ArrayList<>();
        job.eventTopics().forEach(topic -> topics.add(plain(topic.topic().name())));
        for (String name : List.of(LABELS, LABELLED_EXAMPLES, MODEL_DEPLOYMENTS, job.alerts(), job.retrainRequests(),
                job.deadLetters(), ALERT_DELIVERY_FAILURES)) {
            topics.add(plain(name));
        }
        topics.add(compacted(job.baselines()));
        topics.add(compacted(ALERTING_STATE));
        return topics;
    }

    private static NewTopic plain(String name) {
        return new NewTopic(name, 1, (short) 1);
    }

    private static NewTopic compacted(String name) {
        return plain(name).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
}
