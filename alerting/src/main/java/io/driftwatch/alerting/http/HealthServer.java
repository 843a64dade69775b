package io.driftwatch.alerting.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /health} (200 while the service loop is alive, else 503) and {@code GET /metrics}
 * (Prometheus text format), served by the JDK's HTTP server on its own thread.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    public HealthServer(InetSocketAddress address, BooleanSupplier healthy, ServiceMetrics metrics) throws IOException {
        server = HttpServer.create(address, 0);
        server.createContext("/health", exchange -> {
            boolean ok = healthy.getAsBoolean();
            respond(exchange, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"up\"}\n" : "{\"status\":\"down\"}\n");
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()));
        server.start();
    }

    /** The bound address (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
