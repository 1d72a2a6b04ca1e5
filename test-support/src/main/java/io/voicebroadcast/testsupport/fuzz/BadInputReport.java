package io.voicebroadcast.testsupport.fuzz;

import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * What a bad-input run found, over the whole run: answers by status and category, latencies, the
 * processes the services started, and every failure by kind (with the first examples, each
 * naming the request's index so that the seed replays it).
 */
public final class BadInputReport {

    /** What counts as a failure of the services. */
    public enum Failure {
        /** An answer of 500 or above. */
        SERVER_ERROR,
        /** An answer that is not one of the correct ones for the request (e.g. 200 for a forbidden address). */
        UNEXPECTED_ANSWER,
        /** An error answer that is not an RFC 9457 problem detail. */
        NOT_A_PROBLEM_DETAIL,
        /** An exception class name or a stack frame in an answer. */
        STACK_TRACE_IN_ANSWER,
        /** A stream-key marker in an answer. */
        SECRET_IN_ANSWER,
        /** No answer in time, or the connection failed. */
        NO_ANSWER,
        /** A valid request, interleaved with the bad ones, not answered normally. */
        VALID_REQUEST_FAILED,
        /** An FFmpeg/ffprobe start for a request that had to be refused. */
        PROCESS_FOR_REFUSED_REQUEST,
        /** An FFmpeg/ffprobe start that no request of the run explains. */
        UNEXPLAINED_PROCESS,
        /** A stack trace in a service's log during the run. */
        STACK_TRACE_IN_LOG,
        /** A stream-key marker in a service's log or metrics. */
        SECRET_IN_LOG,
        /** A malformed camera event that was not dead-lettered, was requeued, or stopped the consumer. */
        POISON_MESSAGE
    }

    /** Stack frames and exception class names, as Java prints them. */
    static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)(^\\s*at [\\w$.]+\\([^)]*\\))|(\\b(?:java|javax|jakarta|org|io|com|tools|sun|jdk)\\.[\\w$.]*(?:Exception|Error)\\b)"
                    + "|(\\b[A-Z][\\w$]*Exception\\b)|(^Caused by: )");
    private static final int EXAMPLES = 12;
    private static final int EXAMPLES_PER_CATEGORY = 3;

    private final long seed;
    private final long started = System.nanoTime();
    private volatile long finished;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger validChecks = new AtomicInteger();
    private final Map<Category, AtomicInteger> byCategory = new EnumMap<>(Category.class);
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
    private final Map<Failure, AtomicInteger> failures = new EnumMap<>(Failure.class);
    private final Map<Failure, ConcurrentLinkedQueue<String>> examples = new EnumMap<>(Failure.class);
    private final Map<String, AtomicInteger> exampleGroups = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private volatile int processesStarted;
    private volatile boolean brokerLost;
    private final Map<String, Duration> phases = new java.util.LinkedHashMap<>();
    private final AtomicInteger brokerTraces = new AtomicInteger();
    private volatile int processesForRefused;

    public BadInputReport(long seed) {
        this.seed = seed;
        for (Category c : Category.values()) {
            byCategory.put(c, new AtomicInteger());
        }
        for (Failure f : Failure.values()) {
            failures.put(f, new AtomicInteger());
            examples.put(f, new ConcurrentLinkedQueue<>());
        }
    }

    void answered(BadRequest r, int status, long micros) {
        requests.incrementAndGet();
        byCategory.get(r.category()).incrementAndGet();
        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        byPath.computeIfAbsent(r.path(), s -> new AtomicInteger()).incrementAndGet();
        latenciesMicros.add(micros);
    }

    void validCheck() {
        validChecks.incrementAndGet();
    }

    void finish() {
        finished = System.nanoTime();
    }

    public void fail(Failure kind, String example) {
        failures.get(kind).incrementAndGet();
        ConcurrentLinkedQueue<String> q = examples.get(kind);
        if (q.size() < EXAMPLES) {
            q.add(example.length() > 2000 ? example.substring(0, 2000) + "…" : example);
        }
    }

    /**
     * A failure of a request: the examples show every service and category that failed (a few
     * each), not only the most frequent.
     */
    void fail(Failure kind, BadRequest.Service service, Category category, String example) {
        failures.get(kind).incrementAndGet();
        String group = service + "/" + category;
        ConcurrentLinkedQueue<String> q = examples.get(kind);
        AtomicInteger shown = exampleGroups.computeIfAbsent(kind + " " + group, g -> new AtomicInteger());
        if (q.size() < EXAMPLES * 3 && shown.incrementAndGet() <= EXAMPLES_PER_CATEGORY) {
            q.add(example.length() > 600 ? example.substring(0, 600) + "…" : example);
        }
    }

    /** Processes started during the run, and how many of them were for requests that had to be refused. */
    public void processes(int started, int forRefused) {
        this.processesStarted = started;
        this.processesForRefused = forRefused;
    }

    /** The broker went away during the run (not through the outage lock). */
    void brokerLost(boolean lost) {
        this.brokerLost = lost;
    }

    /** How long a part of the run took (setup, the requests, the camera events, the audit). */
    public synchronized void phase(String name, Duration took) {
        phases.put(name, took);
    }

    void brokerTraces(int n) {
        brokerTraces.addAndGet(n);
    }

    public long seed() {
        return seed;
    }

    public int requests() {
        return requests.get();
    }

    /** Answered requests sent to exactly this path. */
    public int requestsTo(String path) {
        AtomicInteger n = byPath.get(path);
        return n == null ? 0 : n.get();
    }

    public int requestsIn(Category category) {
        return byCategory.get(category).get();
    }

    public int validChecks() {
        return validChecks.get();
    }

    public int count(Failure kind) {
        return failures.get(kind).get();
    }

    public int serverErrors() {
        int n = 0;
        for (Map.Entry<Integer, AtomicInteger> e : byStatus.entrySet()) {
            n += e.getKey() >= 500 ? e.getValue().get() : 0;
        }
        return n;
    }

    public int stackTraces() {
        return count(Failure.STACK_TRACE_IN_ANSWER) + count(Failure.STACK_TRACE_IN_LOG);
    }

    public int secretsEchoed() {
        return count(Failure.SECRET_IN_ANSWER) + count(Failure.SECRET_IN_LOG);
    }

    public int processesStarted() {
        return processesStarted;
    }

    public int processesForRefused() {
        return processesForRefused;
    }

    public Duration elapsed() {
        return Duration.ofNanos((finished == 0 ? System.nanoTime() : finished) - started);
    }

    /** The latency at quantile {@code q} (0..1) of the bad requests, in milliseconds. */
    public double latencyMillis(double q) {
        long[] all = latenciesMicros.stream().mapToLong(Long::longValue).toArray();
        if (all.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(all);
        return all[(int) Math.min(all.length - 1, Math.floor(q * all.length))] / 1000.0;
    }

    public boolean passed() {
        return failures.values().stream().allMatch(n -> n.get() == 0);
    }

    /** Every failure kind with its count and first examples; empty when the run passed. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Failure f : Failure.values()) {
            int n = failures.get(f).get();
            if (n > 0) {
                int shown = examples.get(f).size();
                out.add(f + ": " + n + (n > shown ? " (" + shown + " shown)" : ""));
                examples.get(f).forEach(e -> out.add("    " + e));
            }
        }
        return out;
    }

    public String summary() {
        Map<Integer, Integer> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(k, v.get()));
        Map<Category, Integer> categories = new EnumMap<>(Category.class);
        byCategory.forEach((k, v) -> categories.put(k, v.get()));
        StringBuilder took = new StringBuilder();
        synchronized (this) {
            phases.forEach((name, d) -> took.append(took.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(String.format("%.1f s", d.toMillis() / 1000.0)));
        }
        return String.format("seed %d (replay: -Dfuzz.seed=%d): %d bad requests in %.1f s (p50 %.1f ms, p99 %.1f ms), %d valid checks;"
                        + " statuses %s; categories %s; %d processes started, %d for refused requests; took: %s%s",
                seed, seed, requests(), elapsed().toMillis() / 1000.0, latencyMillis(0.5), latencyMillis(0.99), validChecks(), statuses,
                categories, processesStarted, processesForRefused, took,
                (brokerLost ? "; the broker went away during the run (" + brokerTraces + " traces of its connection set apart)" : "")
                        + (passed() ? "; no failure" : "\n" + String.join("\n", failures())));
    }
}
