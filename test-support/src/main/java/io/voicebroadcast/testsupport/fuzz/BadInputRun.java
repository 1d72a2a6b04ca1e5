package io.voicebroadcast.testsupport.fuzz;

import io.voicebroadcast.testsupport.fuzz.BadInputReport.Failure;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a seeded sequence of {@link BadRequests} to the services over real HTTP, several at a
 * time, and judges every answer: below 500, one of the correct ones for the request, a problem
 * detail when it is an error, no exception name or stack frame, no stream-key marker. Every
 * {@code validEvery}-th request, the valid checks run too: the services must keep answering normal
 * requests throughout. Afterwards {@link #auditProcesses} ties every FFmpeg/ffprobe start to the
 * request that caused it and {@link #auditLog} reads the services' logs.
 */
public final class BadInputRun {

    /** What every generated marker starts with: finding it anywhere is an echo of a key. */
    public static final String MARKER_PREFIX = "sk_fuzz_";
    /** Stack frames and "Caused by" lines, as a log prints a trace. */
    private static final Pattern LOG_TRACE = Pattern.compile("(?m)^(\\s+at [\\w$.<>]+\\(|Caused by: |\\s+\\.\\.\\. \\d+ more$)");
    /** A trace of the broker connection (Spring AMQP, the RabbitMQ client). */
    private static final Pattern BROKER_TRACE = Pattern.compile("(?i)(org\\.springframework\\.amqp|com\\.rabbitmq)");
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(MARKER_PREFIX) + "[0-9a-f]+_(\\d+)_\\d+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A normal request that must keep working: returns null when it did, else what went wrong. */
    @FunctionalInterface
    public interface ValidCheck {
        String check(HttpClient http) throws Exception;
    }

    /**
     * @param requests     how many bad requests
     * @param concurrency  how many at a time
     * @param validEvery   the valid checks run once per this many requests
     * @param answerTimeout how long one request may take (a URL probe takes up to the service's probe timeout)
     */
    public record Settings(int requests, int concurrency, int validEvery, Duration answerTimeout) {
    }

    /** What is known of a request after it was sent: enough to explain a process it caused. */
    private record Sent(int index, Service service, BadRequest.Category category, boolean processesAllowed, String summary) {
    }

    private final Map<Service, String> baseUrls;
    private final BadRequests generator;
    private final List<ValidCheck> validChecks;
    private final Settings settings;
    private final BadInputReport report;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Sent> byToken = new ConcurrentHashMap<>();
    private int generated;

    public BadInputRun(Map<Service, String> baseUrls, BadRequests generator, List<ValidCheck> validChecks, Settings settings) {
        this.baseUrls = Map.copyOf(baseUrls);
        this.generator = generator;
        this.validChecks = List.copyOf(validChecks);
        this.settings = settings;
        this.report = new BadInputReport(generator.seed());
    }

    public BadInputReport report() {
        return report;
    }

    public HttpClient http() {
        return http;
    }

    /** Sends every request and judges the answers; returns once all were answered. */
    public BadInputReport run() throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "bad-input");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < settings.concurrency(); i++) {
                all.add(workers.submit(this::work));
            }
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a bad-input worker failed", e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        report.finish();
        return report;
    }

    private void work() {
        BadRequest r;
        while ((r = nextRequest()) != null) {
            send(r);
            if (r.index() % settings.validEvery() == 0) {
                runValidChecks(r.index());
            }
        }
    }

    /** One generator, requests in seed order whatever the threads do. */
    private synchronized BadRequest nextRequest() {
        if (generated == settings.requests()) {
            return null;
        }
        generated++;
        BadRequest r = generator.next();
        Sent sent = new Sent(r.index(), r.service(), r.category(), r.processesAllowed(), r.toString());
        r.tokens().forEach(t -> byToken.put(t, sent));
        return r;
    }

    private void send(BadRequest r) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrls.get(r.service()) + r.path()))
                    .timeout(settings.answerTimeout())
                    .method(r.method(), HttpRequest.BodyPublishers.ofByteArray(r.body()));
            if (r.contentType() != null) {
                b.header("Content-Type", r.contentType());
            }
            if (r.accept() != null) {
                b.header("Accept", r.accept());
            }
            if (r.authorization() != null) {
                b.header("Authorization", r.authorization());
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            // The client refuses to send it (a header it cannot encode): nothing reached the service.
            return;
        }
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            report.fail(Failure.NO_ANSWER, r.service(), r.category(), r + ": " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long micros = (System.nanoTime() - t0) / 1000;
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        report.answered(r, status, micros);
        judge(r, status, response.headers().firstValue("Content-Type").orElse(""), body);
        if (r.path().equals("/voice/room/stream/start") && status / 100 == 2) {
            // A start that should not have worked is on air now: stop it, so the next request finds the room as before.
            stop(body);
        }
    }

    private void judge(BadRequest r, int status, String contentType, String body) {
        String problemType = null;
        JsonNode json = parse(body);
        if (json != null && json.path("type").isString()) {
            problemType = json.path("type").asString();
        }
        if (status >= 500) {
            report.fail(Failure.SERVER_ERROR, r.service(), r.category(), r + " -> " + status + " " + abbreviate(body));
        } else if (!r.expect().accepts(status, problemType)) {
            report.fail(Failure.UNEXPECTED_ANSWER, r.service(), r.category(), r + " -> " + status + " " + abbreviate(body));
        }
        if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            report.fail(Failure.NOT_A_PROBLEM_DETAIL, r.service(), r.category(), r + " -> " + status + " " + contentType + " " + abbreviate(body));
        }
        Matcher trace = BadInputReport.STACK_TRACE.matcher(body);
        if (trace.find()) {
            report.fail(Failure.STACK_TRACE_IN_ANSWER, r.service(), r.category(), r + " -> " + status + " '" + trace.group() + "' in " + abbreviate(body));
        }
        if (body.contains(MARKER_PREFIX)) {
            report.fail(Failure.SECRET_IN_ANSWER, r.service(), r.category(), r + " -> " + status + " " + around(body, MARKER_PREFIX));
        }
    }

    private void stop(String startBody) {
        JsonNode json = parse(startBody);
        if (json == null || !json.path("roomId").isString()) {
            return;
        }
        try {
            HttpRequest stop = HttpRequest.newBuilder(URI.create(baseUrls.get(Service.VOICE) + "/voice/room/stream/stop"))
                    .timeout(settings.answerTimeout())
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + generator.targets().voiceToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + json.path("roomId").asString() + "\"}"))
                    .build();
            http.send(stop, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the next requests for the room answer 409; the judge reports what matters
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runValidChecks(int index) {
        for (ValidCheck c : validChecks) {
            report.validCheck();
            try {
                String problem = c.check(http);
                if (problem != null) {
                    report.fail(Failure.VALID_REQUEST_FAILED, "after #" + index + ": " + problem);
                }
            } catch (Exception e) {
                report.fail(Failure.VALID_REQUEST_FAILED, "after #" + index + ": " + e);
            }
        }
    }

    /**
     * Ties every process start since the run began ({@code starts}: the counting wrappers' lines
     * after their baseline) to the request whose marker or file its arguments carry. A start for a
     * request that had to be refused, or one that neither a request nor {@code expected} (e.g. the
     * stream on air, whose key is known) explains, is a failure.
     * <p>
     * A room's encoder carries no URL (it never touches the network): it is explained by the
     * broadcast it encodes for, whose publishers carry the request's marker. So the encoders started
     * may not outnumber the publishers started for requests that were allowed to start processes.
     */
    public void auditProcesses(List<String> starts, Map<String, Boolean> expected) {
        int forRefused = 0;
        int encoders = 0;
        int allowedPublishers = 0;
        for (String start : starts) {
            if (isEncoder(start)) {
                encoders++;
                continue;
            }
            Sent cause = cause(start);
            boolean publisher = isPublisher(start);
            if (cause != null) {
                if (!cause.processesAllowed()) {
                    forRefused++;
                    report.fail(Failure.PROCESS_FOR_REFUSED_REQUEST, cause.service(), cause.category(), cause.summary() + " started: " + masked(start));
                } else if (publisher) {
                    allowedPublishers++;
                }
                continue;
            }
            Boolean allowed = expected.entrySet().stream().filter(e -> start.contains(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (allowed == null) {
                report.fail(Failure.UNEXPLAINED_PROCESS, masked(start));
            } else if (!allowed) {
                forRefused++;
                report.fail(Failure.PROCESS_FOR_REFUSED_REQUEST, masked(start));
            } else if (publisher) {
                allowedPublishers++;
            }
        }
        for (int i = allowedPublishers; i < encoders; i++) {
            report.fail(Failure.UNEXPLAINED_PROCESS, "an encoder started without a publisher for an allowed request ("
                    + encoders + " encoders, " + allowedPublishers + " such publishers)");
        }
        report.processes(starts.size(), forRefused);
    }

    /** A room's encoder: raw video in, the room's FLV out on its stdout. */
    static boolean isEncoder(String argv) {
        return argv.contains("-f rawvideo") && argv.contains("-f flv -flvflags no_duration_filesize pipe:1");
    }

    /** A destination's publisher: the room's FLV in, copied to the destination. */
    static boolean isPublisher(String argv) {
        return argv.contains("-f flv -i pipe:0") && argv.contains("-c copy");
    }

    private Sent cause(String start) {
        Matcher m = MARKER.matcher(start);
        while (m.find()) {
            Sent s = byToken.get(m.group());
            if (s != null) {
                return s;
            }
        }
        // Local files carry no marker: their path is the token.
        for (Map.Entry<String, Sent> e : byToken.entrySet()) {
            if (!e.getKey().startsWith(MARKER_PREFIX) && start.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * A service's log (from where the run began): no stack trace, no marker. With
     * {@code brokerLost}, traces of the RabbitMQ connection are counted apart: the broker went
     * away under the run, which no request causes.
     */
    public void auditLog(String name, String log, boolean brokerLost) {
        Matcher trace = LOG_TRACE.matcher(log);
        int traces = 0;
        int brokerTraces = 0;
        while (trace.find()) {
            // From the log line that printed the trace (lines start with their timestamp) to a few frames in.
            int from = Math.max(0, log.lastIndexOf("\n20", trace.start()));
            int next = log.indexOf("\n20", trace.end());
            String text = log.substring(from, next < 0 ? log.length() : next);
            if (brokerLost && BROKER_TRACE.matcher(text).find()) {
                brokerTraces++;
            } else if (traces++ < 3) {
                report.fail(Failure.STACK_TRACE_IN_LOG, name + ": " + text.substring(0, Math.min(text.length(), 1500)));
            }
            if (next < 0) {
                break;
            }
            trace.region(next, log.length());
        }
        if (traces > 3) {
            report.fail(Failure.STACK_TRACE_IN_LOG, name + ": " + (traces - 3) + " more stack traces");
        }
        report.brokerTraces(brokerTraces);
        Matcher marker = MARKER.matcher(log);
        while (marker.find()) {
            report.fail(Failure.SECRET_IN_LOG, name + ": request #" + marker.group(1) + ": " + around(log, marker.start()));
        }
    }

    private static JsonNode parse(String body) {
        if (body.isEmpty() || body.charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String masked(String s) {
        return MARKER.matcher(s).replaceAll("<key #$1>");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "… (" + s.length() + " chars)" : s;
    }

    private static String around(String s, String what) {
        return around(s, s.indexOf(what));
    }

    private static String around(String s, int at) {
        int from = Math.max(0, at - 150);
        int to = Math.min(s.length(), at + 100);
        return "…" + s.substring(from, to).replace('\n', ' ') + "…";
    }
}
