package io.driftwatch.flink.testing;

import io.driftwatch.embedded.EmbeddedKafkaBroker;
import io.driftwatch.flink.config.JobConfig;
import java.nio.file.Path;

/**
 * What a test of the whole job needs around it: an in-JVM KRaft broker with the job's topics, a fresh
 * database on the InfluxDB of INFLUX_URL, and a producer/reader of the topics. Closing it stops the
 * broker and drops the database.
 */
public final class JobEnvironment implements AutoCloseable {
    private final Influx influx;
    private final EmbeddedKafkaBroker broker;
    private final KafkaTopics kafka;
    private final String database;

    private JobEnvironment(Influx influx, EmbeddedKafkaBroker broker, String database) {
        this.influx = influx;
        this.broker = broker;
        this.database = database;
        this.kafka = new KafkaTopics(broker);
    }

    /** Starts everything; {@code name} tells the test's database apart from the others' on the server. */
    public static JobEnvironment start(String name) {
        Influx influx = Influx.fromEnvironment();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        DriftJobRunner.createTopics(broker);
        String database = "driftwatch_" + name + "_" + System.currentTimeMillis();
        influx.createDatabase(database);
        return new JobEnvironment(influx, broker, database);
    }

    /** The runner's test configuration pointed at this broker and database. */
    public JobConfig config(Path checkpoints) {
        return DriftJobRunner.config(broker.bootstrapServers(), influx.url(), database, checkpoints);
    }

    public Influx influx() {
        return influx;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public KafkaTopics kafka() {
        return kafka;
    }

    public String database() {
        return database;
    }

    @Override
    public void close() {
        kafka.close();
        broker.close();
        influx.dropDatabase(database);
        influx.close();
    }
}
