package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for end-to-end tests: POST JSON with a bearer token, get status and JSON
 * back. Every response body it saw is kept, so a test can grep all of them for a secret.
 */
public final class JsonHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One response: status, raw body and the body as JSON (a missing node when empty or not JSON). */
    public record Response(int status, String body, JsonNode json) {

        public String text(String field) {
            JsonNode n = json.path(field);
            return n.isMissingNode() || n.isNull() ? null : n.asString();
        }
    }

    private final String baseUrl;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> seenBodies = Collections.synchronizedList(new ArrayList<>());

    public JsonHttp(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public Response post(String path, Object body) {
        return post(path, body, token);
    }

    /** POST with another token (null for none). */
    public Response post(String path, Object body, String bearer) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        return send(req.build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
            seenBodies.add(resp.body());
            return new Response(resp.statusCode(), resp.body(), parse(resp.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every response body this client received, for "the key never appears" assertions. */
    public List<String> seenBodies() {
        synchronized (seenBodies) {
            return List.copyOf(seenBodies);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }
}
