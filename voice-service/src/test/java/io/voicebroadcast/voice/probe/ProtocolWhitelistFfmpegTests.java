package io.voicebroadcast.voice.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the protocol whitelists of {@link UrlKind} with real FFmpeg: each works, each is minimal
 * (without any one of its protocols FFmpeg refuses), and smuggled protocols are refused.
 */
class ProtocolWhitelistFfmpegTests {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CAMERA_START_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    static Path media;
    private static NginxRtmpServer nginx;
    private static ManagedProcess camera;
    private static TlsTerminatingProxy rtmps;
    private static TlsTerminatingProxy https;
    private static Path video;
    private static final List<ManagedProcess> senders = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        video = TestMedia.videoFile(media, "bg.mp4");
        nginx = NginxRtmpServer.start();
        Files.copy(video, nginx.httpRoot().resolve("bg.mp4"));
        rtmps = new TlsTerminatingProxy(nginx.rtmpPort());
        https = new TlsTerminatingProxy(nginx.httpPort());
        camera = TestMedia.camera(nginx, "cam");
        await().atMost(CAMERA_START_TIMEOUT).until(() -> nginx.publishCount("live") >= 1);
    }

    @AfterAll
    static void stop() {
        senders.forEach(ManagedProcess::close);
        for (AutoCloseable c : new AutoCloseable[] {camera, https, rtmps, nginx}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }

    private static String urlOf(UrlKind kind) {
        return switch (kind) {
            case RTMP -> nginx.liveUrl("cam");
            case RTMPS -> "rtmps://127.0.0.1:" + rtmps.port() + "/live/cam";
            case HTTP -> nginx.httpUrl("bg.mp4");
            case HTTPS -> "https://127.0.0.1:" + https.port() + "/bg.mp4";
            case FILE -> "file:" + video;
            case SRT -> srtSender();
        };
    }

    /**
     * An SRT listener that sends the video to the first caller (an SRT destination is an output,
     * but the whitelist is the same either way); it ends with the test class.
     */
    private static String srtSender() {
        int port = NginxRtmpServer.freeUdpPort();
        senders.add(ManagedProcess.start("srt-sender", List.of(TestMedia.FFMPEG, "-hide_banner", "-loglevel", "error", "-re",
                "-stream_loop", "-1", "-i", video.toString(), "-c", "copy", "-f", "mpegts",
                "srt://127.0.0.1:" + port + "?mode=listener")));
        return "srt://127.0.0.1:" + port;
    }

    /** Runs ffprobe like {@link StreamInfoProbe} does, with a chosen whitelist; returns exit code and output. */
    private static ProbeRun ffprobe(String whitelist, String url) {
        List<String> argv = new ArrayList<>(List.of(TestMedia.FFPROBE, "-hide_banner", "-v", "error",
                "-protocol_whitelist", whitelist, "-rw_timeout", Long.toString(READ_TIMEOUT.toNanos() / 1000),
                "-tls_verify", "1", "-ca_file", (url.startsWith("https") ? https : rtmps).caFile().toString(),
                "-probesize", "32768", "-analyzeduration", "0", "-show_entries", "stream=codec_type", "-of", "csv", "-i", url));
        try (ManagedProcess p = ManagedProcess.start("ffprobe " + whitelist, argv)) {
            int exit = p.waitFor(PROBE_TIMEOUT);
            return new ProbeRun(exit, p.tail());
        }
    }

    record ProbeRun(int exit, String output) {
    }

    @Test
    void everyKind_opensWithItsWhitelist() {
        for (UrlKind kind : UrlKind.values()) {
            ProbeRun run = ffprobe(kind.protocolWhitelist(), urlOf(kind));

            assertThat(run.exit()).as(kind + ": " + run.output()).isZero();
            assertThat(run.output()).as(kind.name()).contains("stream,video");
        }
    }

    @Test
    void everyWhitelist_isMinimal_withoutAnyOneProtocolFfmpegRefuses() {
        for (UrlKind kind : UrlKind.values()) {
            List<String> protocols = Arrays.asList(kind.protocolWhitelist().split(","));
            for (String dropped : protocols) {
                List<String> fewer = new ArrayList<>(protocols);
                fewer.remove(dropped);
                String whitelist = fewer.isEmpty() ? "none" : String.join(",", fewer);

                ProbeRun run = ffprobe(whitelist, urlOf(kind));

                assertThat(run.exit()).as(kind + " without " + dropped).isNotZero();
                assertThat(run.output()).as(kind + " without " + dropped).contains("Protocol '" + dropped + "' not on whitelist");
            }
        }
    }

    @Test
    void smuggledProtocols_areRefusedByTheWhitelist() {
        assertThat(ffprobe(UrlKind.FILE.protocolWhitelist(), "concat:" + video + "|" + video).output())
                .contains("Protocol 'concat' not on whitelist 'file'");
        assertThat(ffprobe(UrlKind.FILE.protocolWhitelist(), "subfile,,start,0,end,0,,:" + video).output())
                .contains("Protocol 'subfile' not on whitelist 'file'");
        assertThat(ffprobe(UrlKind.HTTP.protocolWhitelist(), "file:" + video).output())
                .contains("Protocol 'file' not on whitelist 'http,tcp'");
        assertThat(ffprobe(UrlKind.HTTPS.protocolWhitelist(), nginx.httpUrl("bg.mp4")).output())
                .contains("Protocol 'http' not on whitelist 'https,tls,tcp'");
        assertThat(ffprobe(UrlKind.RTMP.protocolWhitelist(), "rtmpt://127.0.0.1:" + nginx.rtmpPort() + "/live/cam").output())
                .contains("Protocol 'rtmpt' not on whitelist 'rtmp,tcp'");
    }

    @Test
    void tlsInputs_areVerified_soAnUntrustedCertificateFails() {
        StreamInfoProbe systemTrust = new StreamInfoProbe(Path.of(TestMedia.FFPROBE), PROBE_TIMEOUT, READ_TIMEOUT);
        StreamInfoProbe testTrust = new StreamInfoProbe(Path.of(TestMedia.FFPROBE), PROBE_TIMEOUT, READ_TIMEOUT, https.caFile());
        ValidatedUrl httpsUrl = new UrlPolicy(List.of()).validateBackgroundVideo(urlOf(UrlKind.HTTPS));
        ValidatedUrl rtmpsUrl = new UrlPolicy(List.of()).validateBackgroundVideo(urlOf(UrlKind.RTMPS));

        assertThat(new StreamInfoProbe(Path.of(TestMedia.FFPROBE), PROBE_TIMEOUT, READ_TIMEOUT, rtmps.caFile()).probe(rtmpsUrl))
                .isEqualTo(new StreamInfo("h264", 1280, 720));
        assertThat(testTrust.probe(httpsUrl)).isEqualTo(new StreamInfo("h264", 320, 240));
        assertThatThrownBy(() -> systemTrust.probe(httpsUrl))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> assertThat(e.getMessage()).contains("certificate"));
    }
}
