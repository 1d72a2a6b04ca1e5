package io.voicebroadcast.gamesession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.gamesession.GameSessionServiceApplication;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.fuzz.BadInputReport;
import io.voicebroadcast.testsupport.fuzz.BadInputRig;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input at volume against both services, as they run: the voice service from its jar (its
 * FFmpeg and ffprobe behind counting wrappers), the GameSession service from this module's
 * classes, both over real HTTP, with nginx, RTPEngine and RabbitMQ. Thousands of seeded bad
 * requests across every endpoint of both APIs, malformed camera events on RabbitMQ and camera
 * events at forbidden addresses; over the whole run: no 5xx, no stack trace in an answer or a
 * log, no stream key echoed, no process for a refused request, and valid requests answered
 * throughout. {@code -Dfuzz.seed=N} replays a run (the seed is in every failure message);
 * {@code -Dfuzz.requests=N} sets how many requests.
 */
class BadInputEndToEndTests {

    static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    static final int CONCURRENCY = 8;
    static final int POISON_MESSAGES = 200;

    @AfterAll
    static void nothingLeftBehind() {
        assertThat(Processes.leftovers()).as("processes left behind").isEmpty();
    }

    @Test
    void thousandsOfBadRequestsAndEvents_areRefusedCleanly_whileValidRequestsKeepWorking() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("bad input: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        LocalRabbitMq.ensureRunning();
        Path voiceJar = E2eFixture.voiceJar();
        try (BadInputRig rig = BadInputRig.start(
                (port, env) -> ServiceProcess.start("voice-service", voiceJar, port, env, List.of()),
                (port, env) -> ServiceProcess.startMainClass("gamesession-service", GameSessionServiceApplication.class.getName(),
                        port, env, List.of()))) {
            BadInputReport report = rig.run(seed, REQUESTS, CONCURRENCY, POISON_MESSAGES);
            System.out.println("bad input: " + report.summary());

            assertThat(report.requests()).as("answered requests").isGreaterThanOrEqualTo(REQUESTS * 95 / 100);
            for (String path : BadRequests.PATHS) {
                assertThat(report.requestsTo(path)).as("requests to " + path).isGreaterThan(REQUESTS / BadRequests.PATHS.size() / 4);
            }
            for (Category c : Category.values()) {
                assertThat(report.requestsIn(c)).as("requests of kind " + c).isPositive();
            }
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
    }
}
