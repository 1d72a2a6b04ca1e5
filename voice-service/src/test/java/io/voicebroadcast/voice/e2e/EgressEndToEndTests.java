package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.ScratchDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The egress policy through the real service: a URL that leads to a forbidden address is a 400 of
 * its own type before any process starts (the service's FFmpeg and ffprobe are wrappers that
 * count their starts), stream sources are read before the start answers, a redirect is not
 * followed, a named host is opened at the address that was checked, and a key pasted where the
 * application belongs is never echoed.
 */
class EgressEndToEndTests extends InProcessService {

    private static final int PROBE_TIMEOUT_SECONDS = 2;
    private static ScratchDir wrappers;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.commonProperties(r, 41900, "400k");
        r.add("voice.rtmp-probe-timeout-seconds", () -> PROBE_TIMEOUT_SECONDS);
        r.add("voice.ffmpeg-path", () -> wrapper("ffmpeg").toString());
        r.add("voice.ffprobe-path", () -> wrapper("ffprobe").toString());
    }

    /** A script that notes each start in a file, then runs the real program. */
    private static synchronized Path wrapper(String program) {
        try {
            if (wrappers == null) {
                wrappers = ScratchDir.create("voice-e2e-egress-");
            }
            Path script = wrappers.resolve(program);
            if (!Files.exists(script)) {
                Files.writeString(script, "#!/bin/sh\necho " + program + " >> '" + startsLog() + "'\nexec /usr/bin/" + program + " \"$@\"\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path startsLog() {
        return wrappers.resolve("starts.log");
    }

    private static long processStarts() throws IOException {
        return Files.exists(startsLog()) ? Files.readAllLines(startsLog()).size() : 0;
    }

    @AfterAll
    static void removeWrappers() {
        if (wrappers != null) {
            wrappers.close();
        }
    }

    private static void assertNotAllowed(JsonHttp.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.text("type")).isEqualTo("https://voice-broadcast.dev/problems/url-not-allowed");
        assertThat(r.text("field")).isEqualTo(field);
        assertThat(r.text("detail")).startsWith(field + ": ").contains("is not allowed");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aForbiddenAddress_inAnyField_isRefused_beforeAnyProcessStarts(CapturedOutput output) throws Exception {
        UUID room = e2e.room("scaled");
        String key = secretKey();
        String out = nginx().outputUrl(secretKey());
        List<String> hosts = List.of("169.254.169.254", "2852039166", "0xa9fea9fe", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376",
                "169.254.43518", "169.254.169.254.", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[fd00:ec2::254]",
                "100.100.100.200", "[fe80::1]", "0.0.0.0", "224.0.0.1", "255.255.255.255", "[ff02::1]");
        long before = processStarts();

        for (String host : hosts) {
            assertNotAllowed(e2e.start(room, "rtmp://" + host + "/app/" + key, Map.of()), "rtmpOutputUrl");
            assertNotAllowed(e2e.start(room, out, Map.of("backgroundVideoUrl", "http://" + host + "/latest/meta-data/?k=" + key)),
                    "backgroundVideoUrl");
            assertNotAllowed(e2e.start(room, out, Map.of("fallbackStreamUrl", "rtmp://" + host + "/live/" + key)), "fallbackStreamUrl");
            assertNotAllowed(e2e.start(room, out, Map.of("fallbackImageUrl", "https://" + host + "/offline.png?sig=" + key)),
                    "fallbackImageUrl");
        }

        assertThat(processStarts()).as("FFmpeg and ffprobe starts for refused requests").isEqualTo(before);
        JsonHttp.Response metadata = e2e.start(room, out, Map.of("backgroundVideoUrl", "http://169.254.169.254/latest/meta-data/"));
        assertThat(metadata.text("detail")).isEqualTo("backgroundVideoUrl: http://169.254.169.254/latest/**** is not allowed: "
                + "169.254.169.254 is a cloud metadata address, always refused");
        assertThat(e2e.status(room).json().path("isStreaming").asBoolean()).isFalse();
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void anUpdateToAForbiddenAddress_isRefused_andTheBroadcastGoesOnUntouched() throws Exception {
        UUID room = e2e.room("scaled");
        assertThat(e2e.start(room, nginx().outputUrl(secretKey()), Map.of()).status()).isEqualTo(200);
        e2e.awaitOnAir(room, "black", Duration.ofSeconds(10));
        long before = processStarts();

        for (String field : List.of("backgroundVideoUrl", "fallbackStreamUrl")) {
            assertNotAllowed(e2e.api().post("/voice/room/stream/update", Map.of("roomId", room.toString(), field,
                    "rtmp://0xa9fea9fe/live/" + secretKey())), field);
        }
        assertNotAllowed(e2e.api().post("/voice/room/stream/update", Map.of("roomId", room.toString(), "rtmpOutputUrl",
                "rtmp://[::ffff:169.254.169.254]:1935/app/" + secretKey())), "rtmpOutputUrl");

        assertThat(processStarts()).isEqualTo(before);
        assertThat(e2e.status(room).text("health")).isNotEqualTo("stopped");
    }

    @Test
    void streamSourcesOverHttp_areRead_soAServerThatNeverAnswersIsRefusedWithinTheProbeTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-http");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/bg.mp4";
            UUID room = e2e.room("scaled");

            for (String field : List.of("backgroundVideoUrl", "fallbackStreamUrl")) {
                long t0 = System.nanoTime();
                JsonHttp.Response r = e2e.start(room, nginx().outputUrl(secretKey()), Map.of(field, url));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);

                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.text("detail")).startsWith(field + ": the stream http://127.0.0.1:").contains("could not be read");
                assertThat(took).as("answered within the probe timeout").isLessThan(Duration.ofSeconds(PROBE_TIMEOUT_SECONDS).plusMillis(1500));
            }
            assertThat(e2e.status(room).json().path("isStreaming").asBoolean()).isFalse();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void anHttpRedirect_isNotFollowed_evenToAnAllowedAddress() throws Exception {
        Path media = Files.createDirectories(nginx().httpRoot());
        if (!Files.exists(media.resolve("egress-bg.mp4"))) {
            try (ManagedProcess p = ManagedProcess.start("make-video", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "color=c=yellow:size=640x360:rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-movflags", "+faststart", media.resolve("egress-bg.mp4").toString()))) {
                assertThat(p.waitFor(Duration.ofSeconds(30))).as(p.tail()).isZero();
            }
        }
        HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", nginx().httpUrl("egress-bg.mp4"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.start();
        e2e.closeLater(() -> redirector.stop(0));
        UUID room = e2e.room("scaled");
        String out = nginx().outputUrl(secretKey());

        JsonHttp.Response redirected = e2e.start(room, out, Map.of("backgroundVideoUrl",
                "http://127.0.0.1:" + redirector.getAddress().getPort() + "/bg.mp4"));
        assertThat(redirected.status()).as(redirected.body()).isEqualTo(400);
        assertThat(redirected.text("detail")).contains("could not be read");

        // the same file, named directly and by a name: read, opened at the checked address, on air
        JsonHttp.Response direct = e2e.start(room, out, Map.of("backgroundVideoUrl",
                "http://localhost:" + nginx().httpPort() + "/egress-bg.mp4"));
        assertThat(direct.status()).as(direct.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        assertThat(decoderArguments("egress-bg.mp4")).containsSequence("-headers", "Host: localhost:" + nginx().httpPort() + "\r\n",
                "-max_redirects", "0", "-i", "http://127.0.0.1:" + nginx().httpPort() + "/egress-bg.mp4");
    }

    @Test
    void namedHosts_areOpenedAtTheAddressThatWasChecked_withTheNameKeptInTcUrl(CapturedOutput output) throws Exception {
        String cam = "cam-" + UUID.randomUUID();
        e2e.camera(cam, Colour.CYAN);
        UUID room = e2e.room("scaled");
        String key = secretKey();
        int before = nginx().publishCount("out");

        JsonHttp.Response r = e2e.start(room, "rtmp://localhost:" + nginx().rtmpPort() + "/out/" + key,
                Map.of("backgroundVideoUrl", "rtmp://localhost:" + nginx().rtmpPort() + "/live/" + cam));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().publishCount("out") > before);
        String tcUrl = "rtmp://localhost:" + nginx().rtmpPort() + "/live";
        assertThat(decoderArguments(cam)).containsSequence("-rtmp_tcurl", tcUrl,
                "-i", "rtmp://127.0.0.1:" + nginx().rtmpPort() + "/live/" + cam);
        // in the log the tcUrl is masked like any URL of one path segment
        assertThat(output.getAll()).contains("-rtmp_tcurl rtmp://localhost:" + nginx().rtmpPort() + "/**** -f flv")
                .contains("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out/****");
        assertNoSecretIn("log", output.getAll());
    }

    @Test
    void aKeyPastedWhereTheApplicationBelongs_isNeverEchoed(CapturedOutput output) {
        UUID room = e2e.room("scaled");
        String key = secretKey();

        JsonHttp.Response r = e2e.start(room, "rtmp://127.0.0.1:" + nginx().rtmpPort() + "/" + key, Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.text("detail")).contains("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/****");
        assertNoSecretIn("response", r.body());
        assertNoSecretIn("log", output.getAll());
    }

    /** The arguments of the running decoder whose command line names {@code marker}. */
    private static List<String> decoderArguments(String marker) {
        return ProcessHandle.current().descendants()
                .map(ph -> ph.info().arguments().map(List::of).orElse(List.of()))
                .filter(args -> args.contains("rawvideo") && String.join(" ", args).contains(marker))
                .findFirst().orElseThrow(() -> new AssertionError("no decoder reads " + marker));
    }
}
