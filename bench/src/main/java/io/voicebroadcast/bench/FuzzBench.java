package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.fuzz.BadInputReport;
import io.voicebroadcast.testsupport.fuzz.BadInputReport.Failure;
import io.voicebroadcast.testsupport.fuzz.BadInputRig;
import java.nio.file.Path;
import java.util.List;

/**
 * Bad input at volume (the test suite's bad-input run, larger): both services from their jars,
 * 10,000 seeded bad requests over HTTP and 500 malformed camera events, with its own nginx,
 * RTPEngine and queues. The seed is printed, and {@code -Dfuzz.seed=N} replays a run.
 */
final class FuzzBench {

    static final int REQUESTS = 10_000;
    static final int QUICK_REQUESTS = 2_000;
    static final int CONCURRENCY = 8;
    static final int POISON_MESSAGES = 500;

    private FuzzBench() {
    }

    static void run(Path root, Table table, boolean quick) throws Exception {
        Path voiceJar = root.resolve("voice-service/target/voice-service-0.1.0-SNAPSHOT.jar");
        Path gamesessionJar = root.resolve("gamesession-service/target/gamesession-service-0.1.0-SNAPSHOT.jar");
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int requests = quick ? QUICK_REQUESTS : REQUESTS;
        Bench.log("bad input: seed " + seed + " (replay with -Dfuzz.seed=" + seed + "), " + requests + " requests");
        BadInputReport r;
        try (BadInputRig rig = BadInputRig.start(
                (port, env) -> ServiceProcess.start("voice-service", voiceJar, port, env, List.of()),
                (port, env) -> ServiceProcess.start("gamesession-service", gamesessionJar, port, env, List.of()))) {
            r = rig.run(seed, requests, CONCURRENCY, quick ? POISON_MESSAGES / 5 : POISON_MESSAGES);
        }
        Bench.log("bad input: " + r.summary());
        String n = "seed " + seed;
        table.add(new Table.Row("bad input", "bad requests to both services (" + CONCURRENCY + " at a time)", r.requests(), Double.NaN,
                "", "", null, n + ", " + String.format("%.0f s", r.elapsed().toMillis() / 1000.0)));
        target(table, "answers 5xx", r.serverErrors());
        target(table, "stack traces (answers and logs)", r.stackTraces());
        target(table, "stream keys echoed (answers, logs, metrics, dead-letter reasons)", r.secretsEchoed());
        target(table, "FFmpeg/ffprobe started for a refused request", r.processesForRefused());
        table.add(new Table.Row("bad input", "FFmpeg/ffprobe started in all (probes of allowed URLs)", r.processesStarted(), Double.NaN,
                "", "", null, ""));
        target(table, "answers not correct for the request", r.count(Failure.UNEXPECTED_ANSWER) + r.count(Failure.NOT_A_PROBLEM_DETAIL));
        target(table, "valid requests not answered normally (" + r.validChecks() + " interleaved)", r.count(Failure.VALID_REQUEST_FAILED));
        target(table, "malformed camera events not dead-lettered once", r.count(Failure.POISON_MESSAGE));
        table.add(new Table.Row("bad input", "latency p50", r.latencyMillis(0.5), Double.NaN, "ms", "", null, ""));
        table.add(new Table.Row("bad input", "latency p99", r.latencyMillis(0.99), Double.NaN, "ms", "", null,
                "a URL probe at a dead address takes its probe timeout (1 s)"));
        if (!r.passed()) {
            Bench.log("bad input FAILED:\n" + String.join("\n", r.failures()));
        }
    }

    private static void target(Table table, String metric, int value) {
        table.add(new Table.Row("bad input", metric, value, Double.NaN, "", "0", value == 0, ""));
    }
}
