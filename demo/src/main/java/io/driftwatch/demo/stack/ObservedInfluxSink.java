package io.driftwatch.demo.stack;

import io.driftwatch.flink.config.JobConfig;
import io.driftwatch.flink.influx.InfluxPoint;
import io.driftwatch.flink.influx.InfluxSink;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The drift job's InfluxDB sink as the embedded stack uses it: every point goes to an in-JVM
 * listener (the console table and the HTML report) and, when an InfluxDB is configured, also
 * through the job's own {@link InfluxSink}, so Grafana shows the same run live.
 */
final class ObservedInfluxSink implements Sink<InfluxPoint> {
    private final String channel;
    /** Null when no InfluxDB server is to be written (the demo without INFLUX_URL). */
    private final JobConfig.Influx influx;

    ObservedInfluxSink(String channel, JobConfig.Influx influx) {
        this.channel = channel;
        this.influx = influx;
    }

    @Override
    public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<InfluxPoint> server = influx == null ? null : new InfluxSink(influx).createWriter(context);
        return new Writer(PointListeners.listener(channel), server);
    }

    private static final class Writer implements SinkWriter<InfluxPoint> {
        private final Consumer<InfluxPoint> listener;
        private final SinkWriter<InfluxPoint> server;

        Writer(Consumer<InfluxPoint> listener, SinkWriter<InfluxPoint> server) {
            this.listener = listener;
            this.server = server;
        }

        @Override
        public void write(InfluxPoint point, Context context) throws IOException, InterruptedException {
            listener.accept(point);
            if (server != null) {
                server.write(point, context);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            if (server != null) {
                server.flush(endOfInput);
            }
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
