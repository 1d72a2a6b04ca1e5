package io.voicebroadcast.testsupport.fuzz;

import static io.voicebroadcast.testsupport.fuzz.BadInputRig.AMQP_HOST;
import static io.voicebroadcast.testsupport.fuzz.BadInputRig.AMQP_PORT;
import static io.voicebroadcast.testsupport.fuzz.BadInputRig.ANSWER_TIMEOUT;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.fuzz.BadInputReport.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The camera-event part of a bad-input run, on the machine's RabbitMQ with the run's own exchange
 * and queue: malformed events ({@link PoisonCameraEvents}) and events that name forbidden
 * addresses, each judged through the GameSession service's API.
 */
final class BadCameraEvents {

    static final Duration CONSUMER_TIMEOUT = Duration.ofSeconds(30);

    private final String exchange;
    private final String queue;
    private final JsonHttp gamesessionApi;
    private final FuzzTargets targets;
    /** The run's stream-key markers and whether a process may carry them (the rig's audit reads it). */
    private final Map<String, Boolean> expectedTokens;

    BadCameraEvents(String exchange, String queue, JsonHttp gamesessionApi, FuzzTargets targets, Map<String, Boolean> expectedTokens) {
        this.exchange = exchange;
        this.queue = queue;
        this.gamesessionApi = gamesessionApi;
        this.targets = targets;
        this.expectedTokens = expectedTokens;
    }

    /**
     * Malformed camera events: each must land in the dead-letter queue exactly once (none applied,
     * none requeued), with a reason that quotes no key, and a valid event after them must still be
     * applied.
     */
    void poison(BadInputReport report, long seed, int count) throws Exception {
        List<PoisonCameraEvents.Poison> poisons = PoisonCameraEvents.generate(seed, count);
        String dlq = queue + ".dlq";
        try (Connection c = amqp(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            long deadBefore = ch.queueDeclarePassive(dlq).getMessageCount();
            for (PoisonCameraEvents.Poison p : poisons) {
                PoisonCameraEvents.publish(ch, exchange, p.routingKey(), p.contentType(), p.body());
            }
            awaitApplied(ch, report, "sentinel-" + seed);
            AMQP.Queue.DeclareOk main = ch.queueDeclarePassive(queue);
            if (main.getMessageCount() != 0) {
                report.fail(Failure.POISON_MESSAGE, main.getMessageCount() + " messages still in " + queue + " (requeued?)");
            }
            List<PoisonCameraEvents.Poison> missing = new ArrayList<>(poisons);
            int dead = 0;
            GetResponse g;
            while ((g = ch.basicGet(dlq, true)) != null) {
                dead++;
                byte[] body = g.getBody();
                missing.stream().filter(p -> java.util.Arrays.equals(p.body(), body)).findFirst().ifPresent(missing::remove);
                Object reason = g.getProps().getHeaders() == null ? null : g.getProps().getHeaders().get("x-exception-message");
                if (String.valueOf(reason).contains(BadInputRun.MARKER_PREFIX)) {
                    report.fail(Failure.SECRET_IN_LOG, "dead-letter reason quotes a key: " + reason);
                }
            }
            if (dead - deadBefore != count || !missing.isEmpty()) {
                report.fail(Failure.POISON_MESSAGE, (dead - deadBefore) + " of " + count + " malformed camera events were dead-lettered;"
                        + " not among them: " + missing.stream().map(p -> p.routingKey() + " " + p.description()).toList());
            }
        }
    }

    /**
     * Camera events of valid form whose rtmpUrl is a forbidden address, each for a session with a
     * working destination: the GameSession service asks the voice service to broadcast the camera,
     * which must refuse it (400) without starting a process.
     */
    void forbiddenCameras(BadInputReport report, long seed) throws Exception {
        List<String> hosts = BadRequests.FORBIDDEN_HOSTS;
        Map<UUID, String> sessions = new LinkedHashMap<>();
        try (Connection c = amqp(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            for (int k = 0; k < hosts.size(); k++) {
                String marker = BadInputRun.MARKER_PREFIX + Long.toHexString(seed & 0xffffffL) + "_" + (800_000 + k) + "_";
                UUID session = UUID.randomUUID();
                JsonHttp.Response configured = gamesessionApi.post("/gamesession/broadcast/configure",
                        Map.of("sessionId", session.toString(), "rtmpOutputUrl", targets.validOutput() + marker + "0"));
                if (configured.status() != 200) {
                    report.fail(Failure.VALID_REQUEST_FAILED, "configure a session: " + configured.status() + " " + configured.body());
                    continue;
                }
                String url = "rtmp://" + hosts.get(k) + "/live/" + marker + "1";
                expectedTokens.put(marker + "0", false);
                expectedTokens.put(marker + "1", false);
                PoisonCameraEvents.publish(ch, exchange, PoisonCameraEvents.STARTED, "application/json",
                        PoisonCameraEvents.validStart("cam-" + k, UUID.randomUUID(), session, url));
                sessions.put(session, hosts.get(k));
            }
            awaitApplied(ch, report, "sentinel-forbidden-" + seed);
        }
        for (Map.Entry<UUID, String> e : sessions.entrySet()) {
            String session = e.getKey().toString();
            AtomicReference<JsonHttp.Response> last = new AtomicReference<>();
            AtomicBoolean listed = new AtomicBoolean();
            try {
                await().atMost(ANSWER_TIMEOUT).pollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    JsonHttp.Response now = gamesessionApi.post("/gamesession/broadcast/status", Map.of("sessionId", session));
                    last.set(now);
                    // A camera the GameSession service refused itself (dead-lettered) never reaches the voice service: fine too.
                    listed.set(gamesessionApi.post("/gamesession/cameras/list", Map.of("sessionId", session)).body().contains("\"cam-"));
                    boolean answered = !now.json().path("lastError").path("httpStatus").isMissingNode();
                    return !listed.get() || answered || "on_air".equals(now.text("phase"));
                });
            } catch (ConditionTimeoutException timeout) {
                // judged below, on the last answer
            }
            JsonHttp.Response st = last.get();
            boolean known = listed.get();
            int voiceStatus = st.json().path("lastError").path("httpStatus").asInt(0);
            if (known && ("on_air".equals(st.text("phase")) || voiceStatus != 400)) {
                report.fail(Failure.UNEXPECTED_ANSWER, "a camera at " + e.getValue() + " through the GameSession service: phase "
                        + st.text("phase") + ", the voice service answered " + (voiceStatus == 0 ? "nothing yet" : voiceStatus)
                        + " (expected 400): " + st.body().replaceAll(BadInputRun.MARKER_PREFIX + "\\w+", "<key>"));
            }
            gamesessionApi.post("/gamesession/broadcast/stop", Map.of("sessionId", session));
        }
    }

    /** Publishes a valid start event and waits until the consumer applied it: everything published before it was consumed. */
    private void awaitApplied(Channel ch, BadInputReport report, String cameraId) throws Exception {
        UUID game = UUID.randomUUID();
        PoisonCameraEvents.publish(ch, exchange, PoisonCameraEvents.STARTED, "application/json",
                PoisonCameraEvents.validStart(cameraId, game, null, "rtmp://127.0.0.1:" + targets.closedPort() + "/cameras/" + cameraId));
        try {
            await().atMost(CONSUMER_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonHttp.Response cams = gamesessionApi.post("/gamesession/cameras/list", Map.of("gameInstanceId", game.toString()));
                return cams.status() == 200 && cams.body().contains(cameraId);
            });
            return;
        } catch (ConditionTimeoutException timeout) {
            // reported below
        }
        report.fail(Failure.POISON_MESSAGE, "the valid camera event " + cameraId + " was not applied within "
                + CONSUMER_TIMEOUT.toSeconds() + " s: the consumer stopped");
    }

    static Connection amqp() throws IOException, TimeoutException {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(AMQP_HOST);
        f.setPort(AMQP_PORT);
        f.setUsername("guest");
        f.setPassword("guest");
        return f.newConnection("bad-input");
    }

    /** Deletes a run's camera-event exchange, its queue and the queue's dead-letter pair. */
    static void deleteQueues(String exchange, String queue) {
        try (Connection c = amqp(); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
            ch.queueDelete(queue + ".dlq");
            ch.exchangeDelete(queue + ".dlx");
            ch.exchangeDelete(exchange);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // the broker went away; the names are the run's own
        }
    }
}
