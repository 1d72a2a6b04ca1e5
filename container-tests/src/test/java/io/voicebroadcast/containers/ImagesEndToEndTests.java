package io.voicebroadcast.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.voicebroadcast.testsupport.Cleanup;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.MediaAnalysis.FlvLayout;
import io.voicebroadcast.testsupport.MediaAnalysis.MediaInfo;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.testsupport.TestCamera;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built images broadcasting together: RabbitMQ, the RTMP server, voice-service and
 * gamesession-service containers on the host's network with free loopback ports; cameras and the
 * room's tone are FFmpeg processes on the host (test-support). The race is driven as in
 * production: the broadcast configured through the GameSession API, cameras announced over
 * RabbitMQ from inside the GameSession container. The RTMP server records the broadcast.
 */
class ImagesEndToEndTests {

    static final String SIZE = "640x360";
    static final int FPS = 30;
    static final int TONE_HZ = 440;
    /** The tone is sent at -18 dBFS; Opus, the mix and AAC cost a few dB, silence reads -91 dB. */
    static final double MIN_TONE_DB = -30;
    static final Duration BROKER_OUTAGE = Duration.ofSeconds(30);
    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(20);
    /** How long a picture stays on air, so that the recording shows it at 5 samples a second. */
    static final Duration DWELL = Duration.ofSeconds(4);
    /** The voice service's graceful stop: every broadcast ends cleanly within this (the compose file's grace). */
    static final Duration VOICE_STOP_GRACE = Duration.ofSeconds(30);
    static final int SIGTERM_EXIT = 143;
    static final int AUDIO_PORTS = 20;
    /** The services' HEALTHCHECK runs every 10 s: healthy within two checks of being up. */
    static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(25);

    static final String KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static final String VOICE_TOKEN = "voice-images-" + UUID.randomUUID();
    static final String GAMESESSION_TOKEN = "gamesession-images-" + UUID.randomUUID();
    static final String VOICE_EVENTS_EXCHANGE = "voice.client.events";
    static final String VOICE_EVENTS_QUEUE = "images-test.voice-events";
    static final String RACE_CAMERA = "race-cam-main";
    static final String CROWD_CAMERA = "crowd-cam";
    static final JsonMapper JSON = JsonMapper.builder().build();

    final Cleanup cleanup = new Cleanup();
    final int amqpPort = NginxRtmpServer.freePort();
    final int rtmpPort = NginxRtmpServer.freePort();
    final int voicePort = NginxRtmpServer.freePort();
    final int gamesessionPort = NginxRtmpServer.freePort();
    final int audioPortMin = 44_000 + AUDIO_PORTS * ThreadLocalRandom.current().nextInt(200);
    final UUID session = UUID.randomUUID();
    final UUID game = UUID.randomUUID();
    ScratchDir recordingsDir;
    Path recordings;

    @AfterEach
    void tearDown() throws IOException {
        cleanup.closeQuietly();
        if (recordingsDir != null) {
            recordingsDir.close();
        }
        assertThat(Processes.leftovers()).as("processes left behind on the host").isEmpty();
    }

    @Test
    void images_broadcastTheRace_throughABrokerOutage_andStopWithoutLeftovers() throws Exception {
        recordingsDir = ScratchDir.create("images-e2e-rec-");
        recordings = recordingsDir.path();
        // The image's nginx (www-data) writes the recordings into this host directory.
        Files.setPosixFilePermissions(recordings, PosixFilePermissions.fromString("rwxrwxrwx"));
        String amqpUri = "amqp://guest:guest@127.0.0.1:" + amqpPort;

        GenericContainer<?> rabbitmq = container(ProjectContainers.of("images.rabbitmq")
                .withEnv("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
                .withEnv("RABBITMQ_NODE_PORT", String.valueOf(amqpPort))
                // Not the host broker's node name, epmd or distribution port.
                .withEnv("RABBITMQ_NODENAME", "images-test-" + amqpPort + "@localhost")
                .withEnv("ERL_EPMD_PORT", String.valueOf(NginxRtmpServer.freePort()))
                .withEnv("RABBITMQ_DIST_PORT", String.valueOf(NginxRtmpServer.freePort())));
        GenericContainer<?> rtmp = container(ProjectContainers.of("images.rtmp-server")
                .withEnv("RTMP_LISTEN", "127.0.0.1:" + rtmpPort)
                .withEnv("RTMP_RECORD", "all")
                // Bound through the create command: withFileSystemBind would first check with an alpine container (a pull).
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withBinds(new Bind(recordings.toString(), new Volume("/var/lib/rtmp-server/recordings")))));
        GenericContainer<?> voice = container(ProjectContainers.service("images.voice")
                .withEnv("SERVER_ADDRESS", "127.0.0.1")
                .withEnv("SERVER_PORT", String.valueOf(voicePort))
                .withEnv("VOICE_ADMIN_TOKEN", VOICE_TOKEN)
                .withEnv("VOICE_STREAMING_VIDEO_SIZE", SIZE)
                .withEnv("VOICE_STREAMING_FPS", String.valueOf(FPS))
                .withEnv("VOICE_STREAMING_VIDEO_BITRATE", "600k")
                .withEnv("VOICE_RTMP_PROBE_TIMEOUT_SECONDS", "3")
                .withEnv("VOICE_AUDIO_RTP_PORT_MIN", String.valueOf(audioPortMin))
                .withEnv("VOICE_AUDIO_RTP_PORT_MAX", String.valueOf(audioPortMin + AUDIO_PORTS - 1))
                .withEnv("VOICE_EVENTS_SINK", "rabbitmq")
                .withEnv("SPRING_RABBITMQ_HOST", "127.0.0.1")
                .withEnv("SPRING_RABBITMQ_PORT", String.valueOf(amqpPort)));
        GenericContainer<?> gamesession = container(ProjectContainers.service("images.gamesession")
                .withEnv("SERVER_ADDRESS", "127.0.0.1")
                .withEnv("SERVER_PORT", String.valueOf(gamesessionPort))
                .withEnv("GAMESESSION_ADMIN_TOKEN", GAMESESSION_TOKEN)
                .withEnv("GAMESESSION_VOICE_BASE_URL", "http://127.0.0.1:" + voicePort)
                .withEnv("GAMESESSION_VOICE_ADMIN_TOKEN", VOICE_TOKEN)
                .withEnv("SPRING_RABBITMQ_HOST", "127.0.0.1")
                .withEnv("SPRING_RABBITMQ_PORT", String.valueOf(amqpPort))
                .withEnv("AMQP_URI", amqpUri));
        // Each service waits for RabbitMQ by itself (the voice events wait in their outbox, the consumer reconnects).
        Startables.deepStart(rabbitmq, rtmp, voice, gamesession).join();

        ConnectionFactory amqp = new ConnectionFactory();
        amqp.setUri(amqpUri);
        declareVoiceEventsQueue(amqp);
        JsonHttp gamesessionApi = new JsonHttp("http://127.0.0.1:" + gamesessionPort, GAMESESSION_TOKEN);
        JsonHttp voiceApi = new JsonHttp("http://127.0.0.1:" + voicePort, VOICE_TOKEN);

        // 1. The race camera (red) is live; the broadcast is configured; the camera is announced: on air.
        TestCamera race = camera(RACE_CAMERA, Colour.RED);
        JsonHttp.Response configured = gamesessionApi.post("/gamesession/broadcast/configure", Map.of(
                "sessionId", session.toString(),
                "rtmpOutputUrl", "rtmp://127.0.0.1:" + rtmpPort + "/out/" + KEY,
                "cameraPreference", List.of(CROWD_CAMERA, RACE_CAMERA)));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        announceCamera(gamesession, RACE_CAMERA, amqpUri);
        String roomId = awaitOnAir(gamesessionApi, RACE_CAMERA);
        JsonHttp.Response stream = voiceApi.post("/voice/room/stream/status", Map.of("roomId", roomId));
        assertThat(stream.status()).as(stream.body()).isEqualTo(200);
        RtpTone tone = RtpTone.start(stream.json().path("audioRtpPort").asInt(), TONE_HZ, RtpTone.Codec.OPUS);
        cleanup.add(tone);
        Thread.sleep(DWELL.toMillis());

        // The images' HEALTHCHECKs (Actuator health) say healthy by now.
        DockerClient docker = rabbitmq.getDockerClient();
        for (GenericContainer<?> service : List.of(voice, gamesession)) {
            await().atMost(HEALTH_CHECK_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(docker.inspectContainerCmd(service.getContainerId()).exec().getState().getHealth().getStatus())
                            .as(service.getDockerImageName()).isEqualTo("healthy"));
        }

        // 2. RabbitMQ goes away for 30 s; meanwhile the race camera dies: the image's default background goes on air.
        docker.stopContainerCmd(rabbitmq.getContainerId()).withTimeout(10).exec();
        Instant outageStart = Instant.now();
        race.kill();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = voiceApi.post("/voice/room/stream/status", Map.of("roomId", roomId));
            assertThat(st.text("videoSourceType")).as(st.body()).isEqualTo("default");
        });
        TestCamera crowd = camera(CROWD_CAMERA, Colour.BLUE);
        Thread.sleep(Math.max(0, BROKER_OUTAGE.minus(Duration.between(outageStart, Instant.now())).toMillis()));
        docker.startContainerCmd(rabbitmq.getContainerId()).exec();
        Instant outageEnd = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> answers(amqp));

        // 3. After the outage the GameSession consumer takes the preferred crowd camera (blue) on air.
        announceCamera(gamesession, CROWD_CAMERA, amqpUri);
        assertThat(awaitOnAir(gamesessionApi, CROWD_CAMERA)).isEqualTo(roomId);
        Thread.sleep(DWELL.toMillis());
        JsonHttp.Response beforeStop = voiceApi.post("/voice/room/stream/status", Map.of("roomId", roomId));
        assertThat(beforeStop.json().path("encoderRestarts").asInt()).as(beforeStop.body()).isZero();

        // The voice events published during the outage arrived afterwards, in order, once each.
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            events.addAll(drain(amqp));
            return events.stream().anyMatch(e -> isSourceChange(e, "manual_switch"));
        });
        List<String> kinds = events.stream().map(e -> e.path("event_name").asString() + ":" + e.path("reason").asString("")).toList();
        assertThat(kinds.get(0)).as(kinds.toString()).startsWith("voice.stream_started");
        JsonNode disconnected = events.stream().filter(e -> isSourceChange(e, "source_disconnected")).findFirst()
                .orElseThrow(() -> new AssertionError("no source_disconnected event: " + kinds));
        Instant disconnectedAt = Instant.parse(disconnected.path("timestamp").asString());
        assertThat(disconnectedAt).as("emitted during the outage").isBetween(outageStart, outageEnd);
        assertThat(disconnected.path("new_source_type").asString()).isEqualTo("default");
        assertThat(events.indexOf(disconnected)).as(kinds.toString())
                .isLessThan(indexOf(events, e -> isSourceChange(e, "manual_switch")));
        assertThat(events.stream().filter(e -> e.path("event_name").asString().equals("voice.stream_health")
                && Instant.parse(e.path("timestamp").asString()).isBefore(outageEnd))).as(kinds.toString()).isNotEmpty();
        assertThat(events.stream().map(e -> e.path("event_id").asString()).distinct().count()).as("each event once").isEqualTo(events.size());
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(KEY));

        // 4. The voice-service container stops on SIGTERM: each FFmpeg ends, none is left in it or on the host.
        List<Long> ffmpegPids = ffmpegPids(docker, voice.getContainerId());
        assertThat(ffmpegPids).as("the encoder and the decoders run in the container").isNotEmpty();
        String voiceLog = voice.getLogs();
        String voiceId = voice.getContainerId();
        docker.stopContainerCmd(voiceId).withTimeout((int) VOICE_STOP_GRACE.toSeconds()).exec();
        assertThat(docker.inspectContainerCmd(voiceId).exec().getState().getExitCodeLong()).as("exit on SIGTERM, not killed")
                .isEqualTo(SIGTERM_EXIT);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ffmpegPids).noneMatch(Processes::isRunning);
            assertThat(Processes.inContainer(voiceId)).isEmpty();
        });

        // The recording: one publish session, ended cleanly, H.264 + AAC, red then blue with the default background between, the tone.
        String rtmpLog = rtmp.getLogs();
        assertThat(NginxRtmpServer.publishCount(rtmpLog, "out")).as("publish sessions of the broadcast").isEqualTo(1);
        List<Path> files;
        try (Stream<Path> list = Files.list(recordings)) {
            files = list.filter(f -> f.toString().endsWith(".flv")).toList();
        }
        assertThat(files).as("recorded publish sessions").hasSize(1);
        Path recording = files.get(0);
        FlvLayout layout = MediaAnalysis.flvLayout(recording);
        assertThat(layout.endsCleanly()).as("the encoder finished its stream: " + layout).isTrue();
        MediaInfo info = MediaAnalysis.streams(recording);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.width() + "x" + info.height()).isEqualTo(SIZE);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(recording, 5));
        List<ColourSpan> cameras = spans.stream().filter(s -> s.colour() == Colour.RED || s.colour() == Colour.BLUE).toList();
        assertThat(cameras).as(MediaAnalysis.describe(spans)).isNotEmpty();
        assertThat(cameras.get(0).colour()).as(MediaAnalysis.describe(spans)).isEqualTo(Colour.RED);
        assertThat(cameras.get(cameras.size() - 1).colour()).as(MediaAnalysis.describe(spans)).isEqualTo(Colour.BLUE);
        double lastRed = cameras.stream().filter(s -> s.colour() == Colour.RED).mapToDouble(ColourSpan::toSec).max().orElseThrow();
        double firstBlue = cameras.stream().filter(s -> s.colour() == Colour.BLUE).mapToDouble(ColourSpan::fromSec).min().orElseThrow();
        assertThat(spans.stream().filter(s -> s.fromSec() > lastRed && s.toSec() < firstBlue).map(ColourSpan::colour))
                .as("the default background between the cameras: " + MediaAnalysis.describe(spans)).contains(Colour.OTHER);
        double duration = info.durationSec();
        assertThat(MediaAnalysis.toneLevelDb(recording, TONE_HZ, duration * 0.3, duration * 0.9)).as("the room's tone")
                .isGreaterThan(MIN_TONE_DB);

        // No stream key in any container log or API response.
        assertThat(voiceLog + voice.getLogs()).as("voice-service log").doesNotContain(KEY).contains("room " + roomId);
        assertThat(gamesession.getLogs()).as("gamesession-service log").doesNotContain(KEY);
        Stream.concat(gamesessionApi.seenBodies().stream(), voiceApi.seenBodies().stream())
                .forEach(b -> assertThat(b).as("response").doesNotContain(KEY));
    }

    private <T extends GenericContainer<?>> T container(T container) {
        cleanup.add(container::stop);
        return container;
    }

    private TestCamera camera(String name, Colour colour) {
        String url = "rtmp://127.0.0.1:" + rtmpPort + "/live/" + name;
        TestCamera camera = TestCamera.start(url, TestCamera.solid(colour, SIZE, FPS));
        cleanup.add(camera);
        camera.awaitPlayable(url, Duration.ofSeconds(15));
        return camera;
    }

    /** camera.stream.started, published as a game engine would, with the GameSession image's own tool. */
    private void announceCamera(GenericContainer<?> gamesession, String cameraId, String amqpUri) throws Exception {
        ExecResult published = gamesession.execInContainer("publish-camera-event", "started",
                "--camera-id", cameraId, "--game-instance-id", game.toString(), "--session-id", session.toString(),
                "--rtmp-url", "rtmp://127.0.0.1:" + rtmpPort + "/live/" + cameraId, "--amqp-uri", amqpUri);
        assertThat(published.getExitCode()).as(published.getStdout() + published.getStderr()).isZero();
    }

    /** Waits until the session's camera on air is {@code cameraId} on the voice stream; returns the voice room. */
    private String awaitOnAir(JsonHttp api, String cameraId) {
        String[] room = new String[1];
        await().atMost(ON_AIR_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()));
            assertThat(st.text("phase")).as(st.body()).isEqualTo("on_air");
            assertThat(st.json().path("cameraOnAir").path("cameraId").asString("")).as(st.body()).isEqualTo(cameraId);
            assertThat(st.json().path("voiceStream").path("videoSourceType").asString("")).as(st.body()).isEqualTo("primary_stream");
            room[0] = st.text("voiceRoomId");
        });
        return room[0];
    }

    private static void declareVoiceEventsQueue(ConnectionFactory amqp) throws Exception {
        try (Connection c = amqp.newConnection("images-test"); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(VOICE_EVENTS_EXCHANGE, "topic", true);
            ch.queueDeclare(VOICE_EVENTS_QUEUE, true, false, false, null);
            ch.queueBind(VOICE_EVENTS_QUEUE, VOICE_EVENTS_EXCHANGE, "voice.room.#");
        }
    }

    private static boolean answers(ConnectionFactory amqp) {
        try (Connection c = amqp.newConnection("images-test-probe")) {
            return c.isOpen();
        } catch (Exception e) {
            return false;
        }
    }

    /** Every voice event waiting in the test's queue, oldest first (acknowledged). */
    private static List<JsonNode> drain(ConnectionFactory amqp) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Connection c = amqp.newConnection("images-test-read"); Channel ch = c.createChannel()) {
            for (GetResponse m = ch.basicGet(VOICE_EVENTS_QUEUE, true); m != null; m = ch.basicGet(VOICE_EVENTS_QUEUE, true)) {
                events.add(JSON.readTree(new String(m.getBody(), StandardCharsets.UTF_8)));
            }
        }
        return events;
    }

    private static boolean isSourceChange(JsonNode event, String reason) {
        return event.path("event_name").asString().equals("voice.stream_source_changed") && event.path("reason").asString().equals(reason);
    }

    private static int indexOf(List<JsonNode> events, java.util.function.Predicate<JsonNode> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Host PIDs of the FFmpeg processes running in a container ({@code docker top}). */
    private static List<Long> ffmpegPids(DockerClient docker, String containerId) {
        TopContainerResponse top = docker.topContainerCmd(containerId).exec();
        List<String> titles = Arrays.asList(top.getTitles());
        int pid = titles.indexOf("PID");
        int cmd = titles.indexOf("CMD");
        List<Long> pids = new ArrayList<>();
        for (String[] process : top.getProcesses()) {
            if (process[cmd].contains("ffmpeg")) {
                pids.add(Long.parseLong(process[pid]));
            }
        }
        return pids;
    }
}
