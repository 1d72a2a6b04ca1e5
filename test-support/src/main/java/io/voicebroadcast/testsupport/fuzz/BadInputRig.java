package io.voicebroadcast.testsupport.fuzz;

import com.rabbitmq.client.Connection;
import io.voicebroadcast.testsupport.Cleanup;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RabbitMqOutageLock;
import io.voicebroadcast.testsupport.RtpEngineDaemon;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.fuzz.BadInputReport.Failure;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a bad-input run needs, for real: the voice service and the GameSession service as
 * processes of their own (the voice service's FFmpeg and ffprobe behind {@link CountingWrapper}s),
 * nginx as the RTMP destination, an RTPEngine daemon, the machine's RabbitMQ with queues named for
 * the run, rooms and sessions to aim at, and one room on air for the whole run. Then, in turn:
 * the HTTP requests ({@link BadRequests}), malformed camera events on RabbitMQ
 * ({@link PoisonCameraEvents}), and camera events that name forbidden addresses (which the
 * GameSession service hands to the voice service; {@link BadCameraEvents}); finally the processes and both services' logs
 * and metrics are audited. Shared by the test suite and {@code bench/run.sh --only=fuzz}.
 */
public final class BadInputRig implements AutoCloseable {

    /** Starts one service as a process with these settings (its port is given). */
    @FunctionalInterface
    public interface Launcher {
        ServiceProcess launch(int port, Map<String, String> env);
    }

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** A URL probe at a forbidden or dead address may take the probe timeout; generous on a loaded machine. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(45);
    static final int VALID_EVERY = 20;
    static final int SCALED_ROOMS = 24;
    static final int RTPENGINE_ROOMS = 4;
    static final int SESSIONS = 3;
    static final String AMQP_HOST = "127.0.0.1";
    static final int AMQP_PORT = 5672;

    private final Cleanup closeables = new Cleanup();
    private final ScratchDir scratch;
    private final String voiceToken = "fuzz-voice-token-" + UUID.randomUUID();
    private final String gamesessionToken = "fuzz-gamesession-token-" + UUID.randomUUID();
    private final String liveKey = "live_canary_" + UUID.randomUUID().toString().replace("-", "");
    private final String exchange = "camera.events.fuzz-" + UUID.randomUUID();
    private final String queue = "gamesession.camera-events.fuzz-" + UUID.randomUUID();
    private final CountingWrapper ffmpeg;
    private final CountingWrapper ffprobe;
    private NginxRtmpServer nginx;
    private RtpEngineDaemon rtpengine;
    private ServiceProcess voice;
    private ServiceProcess gamesession;
    private JsonHttp voiceApi;
    private JsonHttp gamesessionApi;
    private FuzzTargets targets;
    private int ffmpegBaseline;
    private int ffprobeBaseline;
    private int voiceLogStart;
    private int gamesessionLogStart;
    private final Map<String, Boolean> expectedTokens = new HashMap<>();
    private Duration setupTook = Duration.ZERO;

    private BadInputRig() {
        scratch = ScratchDir.create("bad-input-");
        closeables.add(scratch);
        Path bin = scratch.directory("bin");
        ffmpeg = CountingWrapper.create(bin, "ffmpeg", "/usr/bin/ffmpeg");
        ffprobe = CountingWrapper.create(bin, "ffprobe", "/usr/bin/ffprobe");
    }

    /** Starts everything and waits until both services answer and the room is on air. */
    public static BadInputRig start(Launcher voiceLauncher, Launcher gamesessionLauncher) {
        long t0 = System.nanoTime();
        BadInputRig rig = new BadInputRig();
        try {
            rig.setUp(voiceLauncher, gamesessionLauncher);
            rig.setupTook = Duration.ofNanos(System.nanoTime() - t0);
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private void setUp(Launcher voiceLauncher, Launcher gamesessionLauncher) {
        // Test runs beside this one that stop the broker wait until the audit is done.
        closeables.add(RabbitMqOutageLock.holdOffOutages());
        Path allowed = scratch.directory("allowed");
        Path image = allowed.resolve("green.png");
        try (ManagedProcess p = ManagedProcess.start("make-image", List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=green:size=320x180", "-frames:v", "1", image.toString()))) {
            if (p.waitFor(Duration.ofSeconds(30)) != 0) {
                throw new IllegalStateException("cannot make the test image: " + p.tail());
            }
        }
        Path link = allowed.resolve("escaping-link.png");
        Path fifo = allowed.resolve("fifo.png");
        try {
            Files.createSymbolicLink(link, Path.of("/etc/passwd"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ManagedProcess p = ManagedProcess.start("mkfifo", List.of("mkfifo", fifo.toString()))) {
            p.waitFor(Duration.ofSeconds(10));
        }

        nginx = NginxRtmpServer.start();
        closeables.add(nginx);
        rtpengine = RtpEngineDaemon.start();
        closeables.add(rtpengine);
        closeables.add(() -> BadCameraEvents.deleteQueues(exchange, queue));

        int voicePort = NginxRtmpServer.freePort();
        int gamesessionPort = NginxRtmpServer.freePort();
        int audioLow = 45_000 + 100 * ThreadLocalRandom.current().nextInt(150);
        Map<String, String> voiceEnv = new LinkedHashMap<>();
        voiceEnv.put("SERVER_ADDRESS", "127.0.0.1");
        voiceEnv.put("VOICE_ADMIN_TOKEN", voiceToken);
        voiceEnv.put("VOICE_STREAMING_ENABLED", "true");
        voiceEnv.put("VOICE_FFMPEG_PATH", ffmpeg.path().toString());
        voiceEnv.put("VOICE_FFPROBE_PATH", ffprobe.path().toString());
        voiceEnv.put("VOICE_ALLOWED_FILE_DIRS", allowed.toString());
        voiceEnv.put("VOICE_DEFAULT_BACKGROUND_VIDEO", allowed.resolve("no-default.mp4").toString());
        voiceEnv.put("VOICE_RTMP_PROBE_TIMEOUT_SECONDS", "1");
        voiceEnv.put("VOICE_STREAMING_SOURCE_RW_TIMEOUT_MS", "1000");
        voiceEnv.put("VOICE_MAX_CONCURRENT_STREAMS", "500");
        voiceEnv.put("VOICE_STREAMING_VIDEO_SIZE", "320x180");
        voiceEnv.put("VOICE_STREAMING_FPS", "10");
        voiceEnv.put("VOICE_STREAMING_VIDEO_BITRATE", "200k");
        voiceEnv.put("VOICE_AUDIO_RTP_PORT_MIN", String.valueOf(audioLow));
        voiceEnv.put("VOICE_AUDIO_RTP_PORT_MAX", String.valueOf(audioLow + 99));
        voiceEnv.put("VOICE_RTPENGINE_NG_URL", rtpengine.ngAddress());
        Map<String, String> gamesessionEnv = new LinkedHashMap<>();
        gamesessionEnv.put("SERVER_ADDRESS", "127.0.0.1");
        gamesessionEnv.put("GAMESESSION_ADMIN_TOKEN", gamesessionToken);
        gamesessionEnv.put("GAMESESSION_VOICE_BASE_URL", "http://127.0.0.1:" + voicePort);
        gamesessionEnv.put("GAMESESSION_VOICE_ADMIN_TOKEN", voiceToken);
        gamesessionEnv.put("GAMESESSION_CAMERA_EXCHANGE", exchange);
        gamesessionEnv.put("GAMESESSION_CAMERA_QUEUE", queue);
        gamesessionEnv.put("SPRING_RABBITMQ_HOST", AMQP_HOST);
        gamesessionEnv.put("SPRING_RABBITMQ_PORT", String.valueOf(AMQP_PORT));

        voice = voiceLauncher.launch(voicePort, voiceEnv);
        closeables.add(voice);
        gamesession = gamesessionLauncher.launch(gamesessionPort, gamesessionEnv);
        closeables.add(gamesession);
        CompletableFuture<?> voiceUp = CompletableFuture.runAsync(() -> voice.awaitHealthy(START_TIMEOUT));
        gamesession.awaitHealthy(START_TIMEOUT);
        voiceUp.join();
        voiceApi = new JsonHttp(voice.baseUrl(), voiceToken);
        gamesessionApi = new JsonHttp(gamesession.baseUrl(), gamesessionToken);

        List<UUID> scaled = new ArrayList<>();
        for (int i = 0; i < SCALED_ROOMS; i++) {
            scaled.add(createRoom(Map.of("tier", "scaled")));
        }
        UUID p2p = createRoom(Map.of("tier", "p2p"));
        List<UUID> rtp = new ArrayList<>();
        for (int i = 0; i < RTPENGINE_ROOMS; i++) {
            rtp.add(createRoom(Map.of("tier", "scaled", "audioMode", "rtpengine")));
        }
        UUID live = createRoom(Map.of("tier", "scaled"));
        JsonHttp.Response started = voiceApi.post("/voice/room/stream/start",
                Map.of("roomId", live.toString(), "rtmpOutputUrl", nginx.outputUrl(liveKey)));
        require(started.status() == 200, "the room on air did not start: " + started.status() + " " + started.body());
        expectedTokens.put(liveKey, true);
        List<UUID> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            UUID s = UUID.randomUUID();
            JsonHttp.Response r = gamesessionApi.post("/gamesession/broadcast/configure",
                    Map.of("sessionId", s.toString(), "rtmpOutputUrl", nginx.outputUrl("session_" + i)));
            require(r.status() == 200, "configure: " + r.status() + " " + r.body());
            sessions.add(s);
        }
        targets = new FuzzTargets(voiceToken, gamesessionToken, scaled, p2p, rtp, live,
                "rtmp://127.0.0.1:" + nginx.rtmpPort() + "/out/", NginxRtmpServer.freePort(), allowed, image, link, fifo, sessions);
        ffmpegBaseline = ffmpeg.count();
        ffprobeBaseline = ffprobe.count();
        voiceLogStart = voice.log().length();
        gamesessionLogStart = gamesession.log().length();
    }

    public FuzzTargets targets() {
        return targets;
    }

    /** HTTP requests, poison camera events, then camera events at forbidden addresses; then the audits. */
    public BadInputReport run(long seed, int requests, int concurrency, int poisonMessages) throws Exception {
        BadInputRun run = new BadInputRun(Map.of(Service.VOICE, voice.baseUrl(), Service.GAMESESSION, gamesession.baseUrl()),
                new BadRequests(seed, targets), validChecks(), new BadInputRun.Settings(requests, concurrency, VALID_EVERY, ANSWER_TIMEOUT));
        // A broker stopped by something that does not take the lock (an operator, a soak) makes the
        // services log connection traces that no request caused: they are then set apart.
        AtomicBoolean brokerLost = new AtomicBoolean();
        Connection watch = BadCameraEvents.amqp();
        watch.addShutdownListener(cause -> brokerLost.set(!cause.isInitiatedByApplication()));
        BadInputReport report;
        try {
            long t0 = System.nanoTime();
            report = run.run();
            long t1 = System.nanoTime();
            BadCameraEvents events = new BadCameraEvents(exchange, queue, gamesessionApi, targets, expectedTokens);
            events.poison(report, seed, poisonMessages);
            long t2 = System.nanoTime();
            events.forbiddenCameras(report, seed);
            report.phase("setup", setupTook);
            report.phase("requests", Duration.ofNanos(t1 - t0));
            report.phase("malformed events", Duration.ofNanos(t2 - t1));
            report.phase("forbidden cameras", Duration.ofNanos(System.nanoTime() - t2));
        } finally {
            try {
                watch.close();
            } catch (IOException | RuntimeException e) {
                // the broker went away
            }
        }
        report.brokerLost(brokerLost.get());
        long audit = System.nanoTime();
        // Whatever was still being probed when the last answer came has started by now.
        Thread.sleep(1000);
        List<String> starts = new ArrayList<>(ffmpeg.starts().subList(ffmpegBaseline, ffmpeg.count()));
        starts.addAll(ffprobe.starts().subList(ffprobeBaseline, ffprobe.count()));
        run.auditProcesses(starts, expectedTokens);
        run.auditLog("voice-service log", voice.log().substring(voiceLogStart), brokerLost.get());
        run.auditLog("gamesession-service log", gamesession.log().substring(gamesessionLogStart), brokerLost.get());
        run.auditLog("voice-service metrics", voiceApi.get("/actuator/prometheus").body(), false);
        run.auditLog("gamesession-service metrics", gamesessionApi.get("/actuator/prometheus").body(), false);
        JsonHttp.Response live = status(targets.liveRoom());
        if (!live.json().path("isStreaming").asBoolean()) {
            report.fail(Failure.VALID_REQUEST_FAILED, "the room on air is not streaming after the run: " + live.body());
        }
        report.phase("audit", Duration.ofNanos(System.nanoTime() - audit));
        return report;
    }

    private List<BadInputRun.ValidCheck> validChecks() {
        return List.of(
                http -> {
                    JsonHttp.Response created = voiceApi.post("/voice/room/create", Map.of("tier", "scaled", "displayName", "valid"));
                    if (created.status() != 200) {
                        return "create a room: " + created.status() + " " + created.body();
                    }
                    JsonHttp.Response got = voiceApi.post("/voice/room/get", Map.of("roomId", created.text("roomId")));
                    return got.status() == 200 && created.text("roomId").equals(got.text("roomId")) ? null
                            : "get the room: " + got.status() + " " + got.body();
                },
                http -> {
                    JsonHttp.Response st = status(targets.liveRoom());
                    return st.status() == 200 && st.json().path("isStreaming").asBoolean() ? null
                            : "status of the room on air: " + st.status() + " " + st.body();
                },
                http -> {
                    JsonHttp.Response list = gamesessionApi.post("/gamesession/broadcast/list", Map.of());
                    return list.status() == 200 && list.json().path("broadcasts").size() >= SESSIONS ? null
                            : "list broadcasts: " + list.status() + " " + list.body();
                },
                http -> {
                    JsonHttp.Response st = gamesessionApi.post("/gamesession/broadcast/status",
                            Map.of("sessionId", targets.sessions().get(0).toString()));
                    return st.status() == 200 && "waiting_for_camera".equals(st.text("phase")) ? null
                            : "status of a configured session: " + st.status() + " " + st.body();
                });
    }

    private JsonHttp.Response status(UUID room) {
        return voiceApi.post("/voice/room/stream/status", Map.of("roomId", room.toString()));
    }


    private UUID createRoom(Map<String, Object> body) {
        JsonHttp.Response r = voiceApi.post("/voice/room/create", body);
        require(r.status() == 200, "create a room " + body + ": " + r.status() + " " + r.body());
        return UUID.fromString(r.text("roomId"));
    }


    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /** Both services (graceful stop, then killed), nginx, RTPEngine, the run's queues and its directory. */
    @Override
    public void close() {
        closeables.close();
    }
}
