package io.driftwatch.flink.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** The real InfluxDB server the tests write to (scripts/influxdb.sh), and InfluxQL reads from it. */
public final class Influx implements AutoCloseable {
    private final String url;
    private final InfluxDB client;

    private Influx(String url) {
        this.url = url;
        this.client = InfluxDBFactory.connect(url);
    }

    /** The server named by INFLUX_URL; fails (not skips) when it is not set. */
    public static Influx fromEnvironment() {
        String url = System.getenv("INFLUX_URL");
        if (url == null || url.isBlank()) {
            throw new AssertionError("INFLUX_URL is not set: start InfluxDB with `scripts/influxdb.sh start` and "
                    + "export INFLUX_URL=<the URL it prints>, or run scripts/test.sh");
        }
        return new Influx(url);
    }

    public String url() {
        return url;
    }

    /** One row of a query result: its series tags and its column values (time in epoch ms). */
    public record Row(Map<String, String> tags, Map<String, Object> values) {
        public double number(String column) {
            return ((Number) values.get(column)).doubleValue();
        }

        public long time() {
            return ((Number) values.get("time")).longValue();
        }
    }

    public List<Row> query(String database, String influxQl) {
        QueryResult result = client.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
        List<Row> rows = new ArrayList<>();
        if (result.hasError()) {
            throw new AssertionError("query failed: " + result.getError());
        }
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new AssertionError("query failed: " + r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series series : r.getSeries()) {
                for (List<Object> values : series.getValues()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < series.getColumns().size(); i++) {
                        row.put(series.getColumns().get(i), values.get(i));
                    }
                    rows.add(new Row(series.getTags() == null ? Map.of() : series.getTags(), row));
                }
            }
        }
        return rows;
    }

    public void createDatabase(String database) {
        client.query(new Query("CREATE DATABASE \"" + database + "\""));
    }

    public void dropDatabase(String database) {
        client.query(new Query("DROP DATABASE \"" + database + "\""));
    }

    @Override
    public void close() {
        client.close();
    }
}
