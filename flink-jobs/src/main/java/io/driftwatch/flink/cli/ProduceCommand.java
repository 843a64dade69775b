package io.driftwatch.flink.cli;

import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.data.CsvDatasetReader;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.data.FeatureColumn;
import io.driftwatch.events.Prediction;
import io.driftwatch.events.PredictionEvent;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftwatch produce --input events.csv --model M --version V --bootstrap HOST:PORT}: sends each
 * CSV row as a PredictionEvent, so a user can try the job on their own data. Numeric columns become
 * numeric features and the others categorical ones (as {@code baseline build} reads them); the score,
 * class and timestamp columns, when named, become the prediction and the event time (epoch ms or
 * ISO-8601; without one, every event is stamped now).
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send the rows of a CSV file as prediction events to Kafka.")
public final class ProduceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "events.csv", description = "CSV file with a header row.")
    Path input;

    @Option(names = "--model", required = true, description = "Model id.")
    String model;

    @Option(names = "--version", required = true, description = "Model version.")
    String version;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "predictions", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--format", defaultValue = "avro", description = "avro or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--score-column", paramLabel = "COLUMN", description = "Column holding the model's score.")
    Optional<String> scoreColumn;

    @Option(names = "--class-column", paramLabel = "COLUMN", description = "Column holding the predicted class.")
    Optional<String> classColumn;

    @Option(names = "--timestamp-column", paramLabel = "COLUMN", description = "Column holding the event time.")
    Optional<String> timestampColumn;

    @Option(names = "--categorical", split = ",", paramLabel = "COLUMN", description = "Columns to treat as categorical.")
    List<String> categorical = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        WireFormat wireFormat = WireFormat.parse(format);
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        categorical.forEach(name -> kinds.put(name, ColumnKind.CATEGORICAL));
        classColumn.ifPresent(name -> kinds.put(name, ColumnKind.CATEGORICAL));
        scoreColumn.ifPresent(name -> kinds.put(name, ColumnKind.NUMERIC));
        Dataset data = CsvDatasetReader.read(input, kinds);
        EventCodec<PredictionEvent> codec = EventCodec.of(PredictionEvent.class);
        Instant now = Instant.now();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaProducers.create(bootstrap)) {
            for (int row = 0; row < data.rows(); row++) {
                PredictionEvent event = event(data, row, now);
                sends.add(producer.send(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(),
                        model.getBytes(StandardCharsets.UTF_8), codec.encode(event, wireFormat))));
            }
            for (int row = 0; row < sends.size(); row++) {
                KafkaProducers.await(sends.get(row), "row " + (row + 1) + " of " + input);
            }
        }
        spec.commandLine().getOut().printf("sent %d prediction events of %s %s to %s%n", data.rows(), model, version, topic);
        return 0;
    }

    private PredictionEvent event(Dataset data, int row, Instant now) {
        Map<String, Double> numeric = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        Double score = null;
        String predictedClass = null;
        Instant timestamp = now;
        for (FeatureColumn column : data.columns()) {
            String name = column.name();
            if (column instanceof FeatureColumn.Numeric n) {
                double value = n.values()[row];
                Double present = Double.isNaN(value) ? null : value;
                if (timestampColumn.filter(name::equals).isPresent()) {
                    timestamp = present == null ? now : Instant.ofEpochMilli(present.longValue());
                } else if (scoreColumn.filter(name::equals).isPresent()) {
                    score = present;
                } else {
                    numeric.put(name, present);
                }
            } else {
                String value = ((FeatureColumn.Categorical) column).values()[row];
                if (timestampColumn.filter(name::equals).isPresent()) {
                    timestamp = value == null ? now : parseInstant(value, row);
                } else if (classColumn.filter(name::equals).isPresent()) {
                    predictedClass = value;
                } else {
                    categories.put(name, value);
                }
            }
        }
        return PredictionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setModelId(model)
                .setModelVersion(version)
                .setTimestamp(timestamp)
                .setNumericFeatures(numeric)
                .setCategoricalFeatures(categories)
                .setPrediction(Prediction.newBuilder().setScore(score).setPredictedClass(predictedClass).build())
                .build();
    }

    private Instant parseInstant(String text, int row) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(input + ": row " + (row + 1) + ": timestamp '" + text
                    + "' is neither epoch milliseconds nor ISO-8601");
        }
    }
}
