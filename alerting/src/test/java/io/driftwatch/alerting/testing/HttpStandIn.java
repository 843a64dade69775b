package io.driftwatch.alerting.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 standing in for a SaaS API. Every request is checked against the
 * service's published contract ({@link #violations(JsonNode)}); a request that breaks it is
 * answered 400 and kept in {@link #violations()}, so a test can assert there were none. Faults
 * (429 with Retry-After, 500) are answered on demand, in the order queued; and during an outage
 * ({@link #failUntil}) every valid request meets the next fault of a cycle, timeouts included.
 */
public abstract class HttpStandIn implements AutoCloseable {
    /** A request the stand-in accepted, with when it arrived. */
    public record Received(JsonNode body, Instant at) {
    }

    /** An answer to give instead of the normal one. */
    public record Fault(int status, String retryAfter) {
    }

    /** How a request was failed during an outage. */
    public enum OutageFault {
        /** HTTP 500. */
        SERVER_ERROR,
        /** HTTP 429 with the outage's Retry-After. */
        RATE_LIMITED,
        /** Accepted, then no answer at all before the connection is dropped, later than the client's timeout. */
        NO_ANSWER
    }

    /** A request failed during an outage: how, when it arrived, and what it carried. */
    public record OutageAnswer(OutageFault fault, Instant at, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String path;
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Instant> faultsAnswered = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<OutageAnswer> outageAnswers = new CopyOnWriteArrayList<>();
    private final AtomicInteger outageRequests = new AtomicInteger();
    /** Handlers run on their own threads, so a request left without an answer holds up no other. */
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant outageUntil = Instant.MIN;
    private volatile Duration outageRetryAfter = Duration.ZERO;
    private volatile Duration outageSilence = Duration.ZERO;

    protected HttpStandIn(String path) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** The rules of the real API; an empty list means the request is valid. */
    protected abstract List<String> violations(JsonNode body);

    /** The real API's answer to a valid request. */
    protected abstract Response success(JsonNode body);

    protected record Response(int status, String body) {
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public void answerNext(int status, String retryAfter) {
        faults.add(new Fault(status, retryAfter));
    }

    public List<Received> accepted() {
        return List.copyOf(accepted);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<Instant> faultsAnswered() {
        return List.copyOf(faultsAnswered);
    }

    /**
     * Until {@code until}, fails every valid request with the next fault of the cycle 500 → 429 with
     * {@code Retry-After: retryAfter} (whole seconds) → no answer for {@code silence} (make it longer than
     * the client's request timeout; the request is then dropped unanswered and not processed) → 500 → …
     */
    public void failUntil(Instant until, Duration retryAfter, Duration silence) {
        outageRetryAfter = retryAfter;
        outageSilence = silence;
        outageUntil = until;
    }

    /** The requests failed by the outage, in arrival order. */
    public List<OutageAnswer> outageAnswers() {
        return List.copyOf(outageAnswers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            List<String> problems = new ArrayList<>();
            if (!"POST".equals(exchange.getRequestMethod())) {
                problems.add("method " + exchange.getRequestMethod() + " is not POST");
            }
            if (!exchange.getRequestURI().getPath().equals(path)) {
                problems.add("path " + exchange.getRequestURI().getPath() + " is not " + path);
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                problems.add("Content-Type " + contentType + " is not application/json");
            }
            JsonNode body = null;
            try {
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                problems.add("body is not JSON: " + e.getMessage());
            }
            if (body != null && problems.isEmpty()) {
                problems.addAll(violations(body));
            }
            if (!problems.isEmpty()) {
                violations.addAll(problems);
                send(exchange, new Response(400, "invalid request: " + problems), null);
                return;
            }
            if (Instant.now().isBefore(outageUntil)) {
                failForOutage(exchange, body);
                return;
            }
            Fault fault = faults.poll();
            if (fault != null) {
                faultsAnswered.add(Instant.now());
                send(exchange, new Response(fault.status(), fault.status() == 429 ? "rate_limited" : "internal_error"), fault.retryAfter());
                return;
            }
            accepted.add(new Received(body, Instant.now()));
            send(exchange, success(body), null);
        }
    }

    private void failForOutage(HttpExchange exchange, JsonNode body) throws IOException {
        OutageFault fault = OutageFault.values()[outageRequests.getAndIncrement() % OutageFault.values().length];
        outageAnswers.add(new OutageAnswer(fault, Instant.now(), body));
        switch (fault) {
            case SERVER_ERROR:
                send(exchange, new Response(500, "internal_error"), null);
                break;
            case RATE_LIMITED:
                send(exchange, new Response(429, "rate_limited"), Long.toString(outageRetryAfter.toSeconds()));
                break;
            default:
                try {
                    Thread.sleep(outageSilence.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // Closing the exchange without an answer drops the connection.
        }
    }

    private static void send(HttpExchange exchange, Response response, String retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    protected static boolean isNonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
