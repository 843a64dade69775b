package io.driftwatch.flink.cli;

import io.driftwatch.core.baseline.BaselineFiles;
import io.driftwatch.events.Baseline;
import io.driftwatch.schema.codec.EventCodec;
import io.driftwatch.schema.codec.WireFormat;
import io.driftwatch.flink.window.BaselineRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code driftwatch baseline publish baseline.avro --bootstrap HOST:PORT}: puts a baseline file on the
 * compacted {@code baselines} topic, keyed {@code model/version}, in single-object Avro. A running
 * job uses it from the next window (the record's timestamp, now, decides which).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a baseline file to the baselines topic for the running drift job.")
public final class BaselinePublishCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "baseline.avro", description = "Baseline file (from `driftwatch baseline build`).")
    Path file;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "baselines", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws Exception {
        Baseline baseline = BaselineFiles.read(file);
        String key = BaselineRegistry.keyOf(baseline.getModelId(), baseline.getModelVersion());
        byte[] value = EventCodec.of(Baseline.class).encode(baseline, WireFormat.AVRO);
        try (KafkaProducer<byte[], byte[]> producer = KafkaProducers.create(bootstrap)) {
            RecordMetadata sent = KafkaProducers.await(producer.send(new ProducerRecord<>(topic,
                    key.getBytes(StandardCharsets.UTF_8), value)), "baseline " + key);
            spec.commandLine().getOut().printf("published baseline %s (%d bytes) to %s partition %d offset %d%n",
                    key, value.length, topic, sent.partition(), sent.offset());
        }
        return 0;
    }
}
