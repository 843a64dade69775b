package io.driftwatch.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * POSTs a JSON body and turns the answer into success or a classified {@link DeliveryException}:
 * 2xx delivered; 429 retryable after the server's Retry-After (seconds or an HTTP date); 408 and
 * 5xx retryable; other 4xx permanent (the request is wrong and will stay wrong). Messages name the
 * integration, never the URL, because a Slack webhook URL is itself a secret.
 */
public final class JsonHttp {
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public JsonHttp(HttpClient client, Duration timeout, Clock clock) {
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Returns the response body of a 2xx answer. */
    public String post(URI url, JsonNode body, String integration) throws DeliveryException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw DeliveryException.transientFailure(integration + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure(integration + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String message = integration + ": HTTP " + status + " " + AlertText.truncate(response.body().strip(), 200);
        if (status == 429) {
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
            throw new DeliveryException(message, true, retryAfter, null);
        }
        if (status == 408 || status >= 500) {
            throw DeliveryException.transientFailure(message, null);
        }
        throw DeliveryException.permanent(message);
    }

    private Optional<Duration> retryAfter(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
