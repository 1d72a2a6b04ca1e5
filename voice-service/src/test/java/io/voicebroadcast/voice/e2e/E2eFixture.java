package io.voicebroadcast.voice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ScratchDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the end-to-end tests share: one nginx RTMP server, still images made with FFmpeg in an
 * allowed directory, the API client, and the set of stream keys used so far (none of which may
 * ever appear in the service's output or responses).
 */
final class E2eFixture {

    static final String TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    static final int FPS = 30;
    static final String SIZE = "640x360";

    private static NginxRtmpServer nginx;
    private static Path assets;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private E2eFixture() {
    }

    static synchronized NginxRtmpServer nginx() {
        if (nginx == null || !nginx.isAlive()) {
            nginx = NginxRtmpServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> nginx.close()));
        }
        return nginx;
    }

    /** A directory of test images, allowed as a local source directory; deleted when the JVM exits. */
    static synchronized Path assets() {
        if (assets == null) {
            assets = ScratchDir.create("voice-e2e-assets-").path();
            for (String colour : List.of("green", "yellow", "cyan")) {
                makeImage(colour, assets.resolve(colour + ".png"));
                makeImage(colour, nginx().httpRoot().resolve(colour + ".png"));
            }
        }
        return assets;
    }

    static void makeImage(String colour, Path file) {
        try (ManagedProcess p = ManagedProcess.start("make-image", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=" + colour + ":size=1280x720", "-frames:v", "1", file.toString()))) {
            assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.tail()).isZero();
        }
    }

    /** A fresh, unique stream key; remembered so that every test can check it never leaked. */
    static String secretKey() {
        String key = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
        SECRETS.add(key);
        return key;
    }

    static Set<String> secrets() {
        return Set.copyOf(SECRETS);
    }

    /**
     * The settings every end-to-end context shares: streaming on, the test token, the test
     * assets as the allowed directory, a small output, and its own audio port range.
     */
    static void commonProperties(org.springframework.test.context.DynamicPropertyRegistry r, int audioPortMin, String bitrate) {
        r.add("voice.streaming-enabled", () -> "true");
        r.add("voice.admin-token", () -> TOKEN);
        r.add("voice.allowed-file-dirs", () -> assets().toString());
        r.add("voice.streaming-video-size", () -> SIZE);
        r.add("voice.streaming-fps", () -> FPS);
        r.add("voice.streaming-video-bitrate", () -> bitrate);
        r.add("voice.audio-rtp-port-min", () -> audioPortMin);
        r.add("voice.audio-rtp-port-max", () -> audioPortMin + 99);
    }

    static UUID createRoom(JsonHttp api, String tier) {
        return createRoom(api, tier, null);
    }

    static UUID createRoom(JsonHttp api, String tier, Map<String, Object> audio) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tier", tier);
        if (audio != null) {
            body.put("audio", audio);
        }
        JsonHttp.Response r = api.post("/voice/room/create", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return UUID.fromString(r.text("roomId"));
    }

    static JsonHttp.Response status(JsonHttp api, UUID room) {
        return api.post("/voice/room/stream/status", Map.of("roomId", room.toString()));
    }

    /** Waits until the status reports this source type on air; returns how long that took. */
    static Duration awaitOnAir(JsonHttp api, UUID room, String sourceType, Duration timeout) {
        long start = System.nanoTime();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(api, room).text("videoSourceType")).isEqualTo(sourceType));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static void stopQuietly(JsonHttp api, UUID room) {
        if (room != null) {
            api.post("/voice/room/stream/stop", Map.of("roomId", room.toString()));
        }
    }

    /** The single recording of the "out" application since {@code before} recordings existed. */
    static Path onlyNewRecording(List<Path> before) {
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().recordings().size() > before.size());
        List<Path> now = nginx().recordings().stream().filter(p -> !before.contains(p)).toList();
        assertThat(now).as("publish sessions recorded").hasSize(1);
        return now.get(0);
    }

    /** Value of one sample line of the Prometheus endpoint, or NaN when there is none. */
    static double metric(JsonHttp api, String name, String labels) {
        JsonHttp.Response r = api.get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static void assertNoSecretIn(String what, String text) {
        for (String secret : secrets()) {
            assertThat(text).as(what + " must never contain a stream key").doesNotContain(secret);
        }
    }
}
