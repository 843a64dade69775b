package io.driftwatch.demo.simulate;

import io.driftwatch.events.LabelledExample;
import io.driftwatch.events.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The labelled history the first model version is trained on: pre-drift transactions of the
 * simulated world, written as an Avro container file of {@link LabelledExample}, which
 * {@code driftwatch registry bootstrap} and the trainer's {@code Bootstrap} read.
 */
public final class TrainingHistory {
    private TrainingHistory() {}

    /**
     * Writes {@code rows} pre-drift examples spaced evenly over the {@code span} ms before {@code end}.
     */
    public static Path write(Path file, CardTransactions world, int rows, long end, long span) throws IOException {
        try (DataFileWriter<LabelledExample> writer = new DataFileWriter<>(new SpecificDatumWriter<>(LabelledExample.class))) {
            writer.create(LabelledExample.getClassSchema(), file.toFile());
            for (int i = 0; i < rows; i++) {
                Instant time = Instant.ofEpochMilli(end - span + span * i / rows);
                CardTransactions.Transaction transaction = world.next(false);
                writer.append(LabelledExample.newBuilder()
                        .setEventId("history-" + i)
                        .setModelId(CardTransactions.MODEL_ID)
                        .setModelVersion("history")
                        .setTimestamp(time)
                        .setNumericFeatures(new HashMap<>(transaction.numeric()))
                        .setCategoricalFeatures(new HashMap<>(transaction.categorical()))
                        .setPrediction(Prediction.newBuilder().build())
                        .setLabelClass(transaction.fraud() ? CardTransactions.FRAUD : CardTransactions.LEGIT)
                        .setLabelledAt(time)
                        .build());
            }
        }
        return file;
    }
}
