package io.driftwatch.flink.influx;

import io.driftwatch.flink.config.JobConfig;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * Opens an influxdb-java client for the configured server: basic auth (1.x) or an API token
 * ({@code Authorization: Token ...}, the v1 compatibility API of 2.x and 3.x). Secrets are read here,
 * on the task manager, and only go into the HTTP request.
 */
final class InfluxConnection {
    private InfluxConnection() {}

    static InfluxDB open(JobConfig.Influx config) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS);
        if (config.token() != null) {
            String header = "Token " + config.token().reveal();
            http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                    .header("Authorization", header).build()));
        }
        InfluxDB client = config.username() != null
                ? InfluxDBFactory.connect(config.url(), config.username(),
                        config.password() == null ? "" : config.password().reveal(), http)
                : InfluxDBFactory.connect(config.url(), http);
        client.setLogLevel(InfluxDB.LogLevel.NONE);
        return client;
    }
}
