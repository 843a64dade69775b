package io.driftwatch.flink.influx;

import io.driftwatch.flink.config.JobConfig;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link InfluxPoint}s through the InfluxDB v1 {@code /write} API in batches.
 *
 * <p>Delivery: at least once. Each writer buffers at most {@code influxdb.batch-size} points; a full
 * buffer and every checkpoint flush it, and a flush blocks, retrying with exponential backoff, until
 * InfluxDB accepts it. So while InfluxDB is down the job back-pressures instead of dropping points,
 * and a checkpoint completes only once every point before it is written. A replay after a failure
 * writes the same points again, which InfluxDB treats as overwrites (same series and timestamp), so
 * the stored result is exact.
 */
public final class InfluxSink implements Sink<InfluxPoint> {
    private final JobConfig.Influx config;

    public InfluxSink(JobConfig.Influx config) {
        this.config = config;
    }

    @Override
    public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) {
        return new InfluxWriter(config, InfluxConnection.open(config), context.metricGroup());
    }
}
