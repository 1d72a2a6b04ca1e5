package io.voicebroadcast.gamesession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.gamesession.testing.TestQueueCleanup;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.TestCamera;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The design's race example through real processes: RabbitMQ, nginx RTMP (camera source and
 * recorded destination), two FFmpeg cameras in distinct colours, the voice service from its jar
 * and this service in-process. The camera's colour in the recording says which camera was on
 * air; the green fallback image says when the voice cascade had none. The voice service starts
 * only after the first camera event, so the broadcast must start once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestQueueCleanup.Configuration.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class RaceEndToEndTests {

    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(15);
    /** How long each picture stays on air, so that the recording shows it at 5 samples a second. */
    static final long DWELL_MS = 2500;
    /** Where the voice service publishes its client events in this test, and our queue on it. */
    static final String VOICE_EVENTS_EXCHANGE = "voice.client.events.e2e-" + UUID.randomUUID();
    static final String VOICE_EVENTS_QUEUE = "voice-client-events.e2e-" + UUID.randomUUID();

    @RegisterExtension
    static final E2eFixture e2e = new E2eFixture();
    /** The fallback image (green), in a directory the voice service may read. */
    static Path assets;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        e2e.properties(r);
    }

    @BeforeAll
    static void voiceEventsAndImage() throws IOException {
        try (var c = LocalRabbitMq.connectionFactory().newConnection("voice-events-e2e"); var ch = c.createChannel()) {
            ch.exchangeDeclare(VOICE_EVENTS_EXCHANGE, "topic", true);
            ch.queueDeclare(VOICE_EVENTS_QUEUE, true, false, false, null);
            ch.queueBind(VOICE_EVENTS_QUEUE, VOICE_EVENTS_EXCHANGE, "voice.room.#");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot declare the voice events queue", e);
        }
        assets = e2e.closeLater(ScratchDir.create("gamesession-e2e-assets-")).path();
        try (ManagedProcess p = ManagedProcess.start("make-image", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=green:size=" + E2eFixture.SIZE, "-frames:v", "1", assets.resolve("green.png").toString()))) {
            assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.tail()).isZero();
        }
    }

    @AfterAll
    static void deleteVoiceEvents() {
        LocalRabbitMq.deleteQuietly(List.of(VOICE_EVENTS_QUEUE), List.of(VOICE_EVENTS_EXCHANGE));
    }

    private static ServiceProcess startVoice() {
        return e2e.startVoice(42000, Map.of(
                "VOICE_ALLOWED_FILE_DIRS", assets.toString(),
                "VOICE_EVENTS_SINK", "rabbitmq",
                "VOICE_EVENTS_EXCHANGE", VOICE_EVENTS_EXCHANGE,
                "SPRING_RABBITMQ_HOST", LocalRabbitMq.HOST,
                "SPRING_RABBITMQ_PORT", String.valueOf(LocalRabbitMq.PORT)));
    }

    private static void awaitOnAir(JsonHttp api, UUID session, String cameraId, String sourceType) {
        E2eFixture.awaitOnAir(api, session, cameraId, sourceType, ON_AIR_TIMEOUT);
    }

    @Test
    void raceExample_camerasDriveTheBroadcast_fromFirstCameraToGameEnd(CapturedOutput output) throws Exception {
        JsonHttp api = e2e.api(port);
        NginxRtmpServer nginx = e2e.nginx();
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();
        TestCamera crowd = e2e.camera("crowd-cam", Colour.BLUE);
        TestCamera race = e2e.camera("race-cam-main", Colour.RED);
        crowd.awaitPublishing(nginx, "crowd-cam", Duration.ofSeconds(15));
        race.awaitPublishing(nginx, "race-cam-main", Duration.ofSeconds(15));
        CameraEventPublisher publisher = e2e.publisher();
        List<Path> recordingsBefore = nginx.recordings();
        int sessionsBefore = nginx.publishCount("out");

        // 1. Configure: nothing live yet.
        JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", Map.of(
                "sessionId", session.toString(),
                "rtmpOutputUrl", nginx.outputUrl(e2e.key),
                "fallbackImageUrl", assets.resolve("green.png").toString(),
                "cameraPreference", List.of("race-cam-main", "crowd-cam")));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.text("phase")).isEqualTo("waiting_for_camera");

        // 2. The less preferred camera starts while the voice service is down: retried, then on air once it is up.
        publisher.publish(e2e.started("crowd-cam", game, session));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonHttp.Response st = E2eFixture.status(api, session);
            assertThat(st.text("phase")).isEqualTo("starting");
            assertThat(st.json().path("lastError").path("retrying").asBoolean()).as(st.body()).isTrue();
        });
        ServiceProcess voice = startVoice().awaitHealthy(E2eFixture.VOICE_START_TIMEOUT);
        awaitOnAir(api, session, "crowd-cam", "primary_stream");
        Thread.sleep(DWELL_MS);

        // 3. The preferred camera starts: switched.
        publisher.publish(e2e.started("race-cam-main", game, session));
        awaitOnAir(api, session, "race-cam-main", "primary_stream");
        Thread.sleep(DWELL_MS);

        // 4. Switch to the crowd camera by hand.
        JsonHttp.Response selected = api.post("/gamesession/broadcast/select-camera",
                Map.of("sessionId", session.toString(), "cameraId", "crowd-cam"));
        assertThat(selected.status()).as(selected.body()).isEqualTo(200);
        awaitOnAir(api, session, "crowd-cam", "primary_stream");
        Thread.sleep(DWELL_MS);

        // 5. The crowd camera's publisher stops and its end arrives: back to the race camera.
        crowd.close();
        publisher.publish(E2eFixture.ended("crowd-cam", game, CameraStreamEndedEvent.ReasonEnum.NORMAL_SHUTDOWN));
        awaitOnAir(api, session, "race-cam-main", "primary_stream");
        Thread.sleep(DWELL_MS);

        // 6. The last camera ends: no background, the voice cascade shows the fallback image.
        race.close();
        publisher.publish(E2eFixture.ended("race-cam-main", game, CameraStreamEndedEvent.ReasonEnum.NORMAL_SHUTDOWN));
        awaitOnAir(api, session, null, "fallback_image");
        Thread.sleep(DWELL_MS);

        // 7. The game ends with no camera left: stopped.
        publisher.publish(E2eFixture.ended("race-cam-main", game, CameraStreamEndedEvent.ReasonEnum.GAME_ENDED));
        await().atMost(ON_AIR_TIMEOUT).untilAsserted(() -> {
            JsonHttp.Response st = E2eFixture.status(api, session);
            assertThat(st.text("phase")).as(st.body()).isEqualTo("ended");
            assertThat(st.json().path("voiceStream").path("isStreaming").asBoolean()).as(st.body()).isFalse();
        });

        // The room was told: VoiceStreamStoppedEvent over RabbitMQ, with no stream key in any event.
        List<String> voiceEvents = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            LocalRabbitMq.get(VOICE_EVENTS_QUEUE).ifPresent(m -> voiceEvents.add(new String(m.getBody(), java.nio.charset.StandardCharsets.UTF_8)));
            return voiceEvents.stream().anyMatch(e -> e.contains("\"event_name\":\"voice.stream_stopped\""));
        });
        assertThat(voiceEvents.get(0)).contains("\"event_name\":\"voice.stream_started\"");
        assertThat(voiceEvents).anyMatch(e -> e.contains("voice.stream_source_changed"));
        assertThat(voiceEvents).noneMatch(e -> e.contains(e2e.key));

        // The recording: one publish session, the pictures in the order the rules put them on air.
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.recordings().size() > recordingsBefore.size());
        List<Path> recordings = nginx.recordings().stream().filter(p -> !recordingsBefore.contains(p)).toList();
        assertThat(recordings).as("recorded publish sessions").hasSize(1);
        assertThat(nginx.publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(recordings.get(0), 5));
        List<Colour> order = new ArrayList<>();
        for (ColourSpan span : spans) {
            Colour c = span.colour();
            if ((c == Colour.RED || c == Colour.BLUE || c == Colour.GREEN) && (order.isEmpty() || order.get(order.size() - 1) != c)) {
                order.add(c);
            }
        }
        if (!order.isEmpty() && order.get(0) == Colour.GREEN) {
            order.remove(0); // on air with the image at once, cut to the camera on its first frame
        }
        // Step 5 stops the crowd camera before its end event arrives: the voice cascade may cover
        // that moment with the image before the switch to the race camera.
        assertThat(order).as(MediaAnalysis.describe(spans)).isIn(
                List.of(Colour.BLUE, Colour.RED, Colour.BLUE, Colour.RED, Colour.GREEN),
                List.of(Colour.BLUE, Colour.RED, Colour.BLUE, Colour.GREEN, Colour.RED, Colour.GREEN));

        // The stream key: never in a response, this service's log or the voice service's log.
        api.seenBodies().forEach(b -> assertThat(b).as("response").doesNotContain(e2e.key));
        assertThat(output.getAll()).as("gamesession log").doesNotContain(e2e.key);
        assertThat(voice.log()).as("voice-service log").doesNotContain(e2e.key);

        JsonHttp.Response stopped = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }
}
