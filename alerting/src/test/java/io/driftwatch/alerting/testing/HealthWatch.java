package io.driftwatch.alerting.testing;

import io.driftwatch.alerting.AlertingService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits for conditions of a running {@link AlertingService} while probing its {@code /health} at a fixed
 * period, keeping every answer: a test can then assert the service looked alive the whole time (a
 * liveness probe would have restarted it otherwise).
 */
public final class HealthWatch {
    private final Duration period;
    private final List<Integer> statuses = new ArrayList<>();

    public HealthWatch(Duration period) {
        this.period = period;
    }

    /** Waits until {@code condition} holds, probing {@code service}; fails after {@code timeout}. */
    public void await(String what, Duration timeout, BooleanSupplier condition, AlertingService service)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Instant nextProbe = Instant.MIN;
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            if (!Instant.now().isBefore(nextProbe)) {
                statuses.add(get(service, "/health").statusCode());
                nextProbe = Instant.now().plus(period);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the wall clock reaches {@code until}, probing {@code service}. */
    public void awaitUntil(Instant until, AlertingService service) throws Exception {
        await("wall time " + until, Duration.between(Instant.now(), until).plusSeconds(5),
                () -> !Instant.now().isBefore(until), service);
    }

    /** Every {@code /health} status seen so far, in order. */
    public List<Integer> statuses() {
        return List.copyOf(statuses);
    }

    /** GET of {@code path} on the service's HTTP endpoint. */
    public static HttpResponse<String> get(AlertingService service, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + service.httpAddress().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
