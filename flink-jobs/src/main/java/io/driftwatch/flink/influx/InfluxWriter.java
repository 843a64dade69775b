package io.driftwatch.flink.influx;

import io.driftwatch.flink.config.JobConfig;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer of {@link InfluxSink}: a bounded buffer, flushed in batches with retries (see there). */
final class InfluxWriter implements SinkWriter<InfluxPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);
    private static final long FIRST_BACKOFF_MS = 100;

    private final JobConfig.Influx config;
    private final InfluxDB client;
    private final List<InfluxPoint> buffer = new ArrayList<>();
    private final Counter written;
    private final Counter retries;
    private final Counter rejected;
    private boolean databaseReady;

    InfluxWriter(JobConfig.Influx config, InfluxDB client, MetricGroup metrics) {
        this.config = config;
        this.client = client;
        this.written = metrics.counter("influxPointsWritten");
        this.retries = metrics.counter("influxWriteRetries");
        this.rejected = metrics.counter("influxPointsRejected");
        this.databaseReady = !config.createDatabase();
    }

    @Override
    public void write(InfluxPoint point, Context context) throws InterruptedIOException {
        if (!point.hasFields()) {
            return;
        }
        buffer.add(point);
        if (buffer.size() >= config.batchSize()) {
            flushBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedIOException {
        flushBuffer();
    }

    private void flushBuffer() throws InterruptedIOException {
        if (buffer.isEmpty()) {
            return;
        }
        BatchPoints.Builder batch = BatchPoints.database(config.database()).precision(TimeUnit.MILLISECONDS);
        if (config.retentionPolicy() != null) {
            batch.retentionPolicy(config.retentionPolicy());
        }
        buffer.forEach(point -> batch.point(toPoint(point)));
        BatchPoints points = batch.build();
        boolean accepted = retrying("write " + buffer.size() + " points", () -> {
            ensureDatabase();
            client.write(points);
        });
        (accepted ? written : rejected).inc(buffer.size());
        buffer.clear();
    }

    private void ensureDatabase() {
        if (!databaseReady) {
            client.query(new Query("CREATE DATABASE \"" + config.database().replace("\"", "\\\"") + "\""));
            databaseReady = true;
        }
    }

    /**
     * Runs {@code action} until it succeeds, backing off exponentially up to {@code max-backoff} while
     * the failure is worth a retry (server down, timeout, 5xx). A refusal that no retry can fix (a
     * field type conflict, points outside the retention policy) is logged and counted instead, so one
     * bad batch of derived metrics cannot wedge the job.
     *
     * @return whether InfluxDB accepted it
     */
    private boolean retrying(String what, Runnable action) throws InterruptedIOException {
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                if (attempt > 1) {
                    LOG.info("InfluxDB at {}: {} succeeded after {} attempts", config.url(), what, attempt);
                }
                return true;
            } catch (InfluxDBException e) {
                if (!e.isRetryWorth()) {
                    LOG.error("InfluxDB at {} refused to {}: {}; these points are skipped", config.url(), what,
                            e.getMessage());
                    return false;
                }
                retries.inc();
                LOG.warn("InfluxDB at {}: cannot {} (attempt {}, retrying in {} ms): {}", config.url(), what, attempt,
                        backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
            }
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry an InfluxDB write");
        }
    }

    private static Point toPoint(InfluxPoint point) {
        Point.Builder builder = Point.measurement(point.measurement())
                .time(point.timestamp(), TimeUnit.MILLISECONDS)
                .tag(point.tags());
        for (Map.Entry<String, Double> field : point.floats().entrySet()) {
            if (Double.isFinite(field.getValue())) {
                builder.addField(field.getKey(), field.getValue().doubleValue());
            }
        }
        for (Map.Entry<String, Long> field : point.integers().entrySet()) {
            builder.addField(field.getKey(), field.getValue().longValue());
        }
        point.strings().forEach(builder::addField);
        return builder.build();
    }

    @Override
    public void close() {
        client.close();
    }
}
