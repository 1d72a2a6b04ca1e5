package io.voicebroadcast.voice.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UrlPolicyTests {

    @TempDir
    Path root;
    Path allowed;
    Path video;
    UrlPolicy policy;

    @BeforeEach
    void setUp() throws IOException {
        allowed = Files.createDirectories(root.resolve("backgrounds"));
        video = Files.writeString(allowed.resolve("default.mp4"), "not really a video");
        Files.writeString(root.resolve("secret.mp4"), "outside");
        policy = new UrlPolicy(List.of(allowed));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/app/live_123_abc", UrlKind.RTMP, "rtmp://live.twitch.tv/app/live_123_abc", "rtmp://live.twitch.tv/app/****"),
                Arguments.of(UrlRole.OUTPUT, "rtmps://live.twitch.tv:443/app/live_123_abc", UrlKind.RTMPS, "rtmps://live.twitch.tv:443/app/live_123_abc", "rtmps://live.twitch.tv:443/app/****"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://a.rtmp.youtube.com/live2/abcd-efgh", UrlKind.RTMP, "rtmp://a.rtmp.youtube.com/live2/abcd-efgh", "rtmp://a.rtmp.youtube.com/live2/****"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://b.rtmp.youtube.com/live2?backup=1/abcd-efgh", UrlKind.RTMP, "rtmp://b.rtmp.youtube.com/live2?backup=1/abcd-efgh", "rtmp://b.rtmp.youtube.com/****"),
                Arguments.of(UrlRole.OUTPUT, "RTMP://Live.Twitch.tv/app/KEY", UrlKind.RTMP, "rtmp://Live.Twitch.tv/app/KEY", "rtmp://Live.Twitch.tv/app/****"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://[::1]:1935/out/key", UrlKind.RTMP, "rtmp://[::1]:1935/out/key", "rtmp://[::1]:1935/out/****"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://custom-server.example.com/live", UrlKind.RTMP, "rtmp://custom-server.example.com/live", "rtmp://custom-server.example.com/****"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "rtmp://game-camera/stream/cam1", UrlKind.RTMP, "rtmp://game-camera/stream/cam1", "rtmp://game-camera/stream/****"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "https://cdn.example.com/background.mp4?sig=abc", UrlKind.HTTPS, "https://cdn.example.com/background.mp4?sig=abc", "https://cdn.example.com/background.mp4?****"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "http://127.0.0.1:8080/bg.mp4", UrlKind.HTTP, "http://127.0.0.1:8080/bg.mp4", "http://127.0.0.1:8080/bg.mp4"),
                Arguments.of(UrlRole.FALLBACK_STREAM, "rtmps://backup.example.com/live/cam", UrlKind.RTMPS, "rtmps://backup.example.com/live/cam", "rtmps://backup.example.com/live/****"),
                Arguments.of(UrlRole.FALLBACK_STREAM, "http://backup.example.com/live.flv", UrlKind.HTTP, "http://backup.example.com/live.flv", "http://backup.example.com/live.flv"),
                Arguments.of(UrlRole.FALLBACK_IMAGE, "https://cdn.example.com/offline.png", UrlKind.HTTPS, "https://cdn.example.com/offline.png", "https://cdn.example.com/offline.png"),
                Arguments.of(UrlRole.OUTPUT, "srt://ingest.example.com:9000?streamid=live_123_abc&passphrase=abcd-efgh-ijkl", UrlKind.SRT,
                        "srt://ingest.example.com:9000?streamid=live_123_abc&passphrase=abcd-efgh-ijkl", "srt://ingest.example.com:9000?****"),
                Arguments.of(UrlRole.OUTPUT, "SRT://10.0.0.5:9000?streamid=%23!::r=live_123_abc,m=publish&latency=200000&mode=caller", UrlKind.SRT,
                        "srt://10.0.0.5:9000?streamid=%23!::r=live_123_abc,m=publish&latency=200000&mode=caller", "srt://10.0.0.5:9000?****"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("accepted")
    void validate_acceptsTheSupportedUrls(UrlRole role, String url, UrlKind kind, String value, String masked) {
        ValidatedUrl validated = policy.validate(role, url);

        assertThat(validated.kind()).isEqualTo(kind);
        assertThat(validated.value()).isEqualTo(value);
        assertThat(validated.masked()).isEqualTo(masked);
        assertThat(validated.toString()).doesNotContain("live_123_abc", "abcd-efgh");
    }

    static Stream<Arguments> refused() {
        String longKey = "k".repeat(UrlPolicy.MAX_URL_LENGTH);
        return Stream.of(
                // the output: RTMP(S) with a host and an application only
                Arguments.of(UrlRole.OUTPUT, "https://live.twitch.tv/app/live_123_abc", "https:// is not allowed here"),
                Arguments.of(UrlRole.OUTPUT, "rtmpt://live.twitch.tv/app/live_123_abc", "is not allowed"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv", "has no RTMP application"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/", "has no RTMP application"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv?live_123_abc", "has no RTMP application"),
                Arguments.of(UrlRole.OUTPUT, "rtmp:///app/live_123_abc", "has no host"),
                Arguments.of(UrlRole.OUTPUT, "rtmp:app/live_123_abc", "has no host"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live_twitch.tv/app/live_123_abc", "not a valid URL"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv:0/app/live_123_abc", "port outside 1..65535"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv:65536/app/live_123_abc", "port outside 1..65535"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv:99999999999/app/live_123_abc", "not a valid URL"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/app/live_123_abc ", "contains whitespace"),
                Arguments.of(UrlRole.OUTPUT, " rtmp://live.twitch.tv/app/live_123_abc", "is neither a URL nor an absolute path"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/app/live_123\tabc", "control characters"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/app/live_123\nabc", "control characters"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/app/" + longKey, "longer than 2048"),
                Arguments.of(UrlRole.OUTPUT, "rtmp://live.twitch.tv/app/live_123_abc%zz", "not a valid URL"),
                Arguments.of(UrlRole.OUTPUT, "/opt/bannou/out.flv", "local files are not allowed"),
                Arguments.of(UrlRole.OUTPUT, "", "is required"),
                // SRT: caller mode to host:port, with the options a destination needs only
                Arguments.of(UrlRole.OUTPUT, "srt://ingest.example.com?streamid=live_123_abc", "needs a port"),
                Arguments.of(UrlRole.OUTPUT, "srt://ingest.example.com:9000/app/live_123_abc", "has a path"),
                Arguments.of(UrlRole.OUTPUT, "srt://ingest.example.com:9000?streamid=live_123_abc&mode=listener", "caller mode"),
                Arguments.of(UrlRole.OUTPUT, "srt://ingest.example.com:9000?streamid=live_123_abc&localport=1935", "SRT option that is not allowed"),
                Arguments.of(UrlRole.OUTPUT, "srt://ingest.example.com:9000?streamid=#!::r=live_123_abc", "percent-encode it"),
                Arguments.of(UrlRole.OUTPUT, "srt://live_123_abc@ingest.example.com:9000?streamid=x", "has user info"),
                Arguments.of(UrlRole.OUTPUT, null, "is required"),
                // FFmpeg protocols nobody may use
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "file:/etc/passwd", "scheme 'file' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "concat:/a.mp4|/etc/passwd", "scheme 'concat' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "data:text/plain;base64,AAAA", "scheme 'data' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "subfile,,start,0,end,0,,:/etc/passwd", "is neither a URL nor an absolute path"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "crypto:/a.mp4", "scheme 'crypto' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "pipe:0", "scheme 'pipe' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "tcp://127.0.0.1:1935", "scheme 'tcp' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "udp://127.0.0.1:5000", "scheme 'udp' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "rtp://127.0.0.1:5000", "scheme 'rtp' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "srt://127.0.0.1:9000?streamid=x", "srt:// is not allowed here"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "ftp://example.com/a.mp4", "scheme 'ftp' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "gopher://example.com/a.mp4", "scheme 'gopher' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "hls+http://example.com/a.m3u8", "scheme 'hls+http' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "rtsp://camera/stream", "scheme 'rtsp' is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "mykey123:abc", "this scheme is not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "mykey_123:abc", "is neither a URL nor an absolute path"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "rtmp://camera", "has no RTMP application"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "backgrounds/default.mp4", "relative paths are not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "./default.mp4", "relative paths are not allowed"),
                Arguments.of(UrlRole.BACKGROUND_VIDEO, "//cdn.example.com/a.mp4", "relative paths are not allowed"),
                // role-specific kinds
                Arguments.of(UrlRole.FALLBACK_STREAM, "/opt/bannou/backgrounds/default.mp4", "local files are not allowed"),
                Arguments.of(UrlRole.FALLBACK_IMAGE, "rtmp://camera/live/cam", "rtmp:// is not allowed here"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("refused")
    void validate_refusesWithAReason_andAMaskedMessage(UrlRole role, String url, String reason) {
        assertThatThrownBy(() -> policy.validate(role, url))
                .isInstanceOfSatisfying(InvalidUrlException.class, e -> {
                    assertThat(e.field()).isEqualTo(role.field());
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).startsWith(role.field() + ": ")
                            .doesNotContain("live_123_abc", "live_123", "passwd", "streamid=x", "mykey_123", "mykey123", "AAAA");
                });
    }

    @Test
    void localFile_underAnAllowedDirectory_isAcceptedAsItsRealPath() throws IOException {
        ValidatedUrl validated = policy.validateBackgroundVideo(allowed + "/./sub/../default.mp4");

        assertThat(validated.kind()).isEqualTo(UrlKind.FILE);
        assertThat(validated.value()).isEqualTo("file:" + video.toRealPath());
        assertThat(validated.masked()).isEqualTo(video.toRealPath().toString());
        assertThat(validated.isLiveStream()).isFalse();
        assertThat(policy.validateFallbackImage(video.toString()).kind()).isEqualTo(UrlKind.FILE);
    }

    @Test
    void localFile_escapingWithDotDot_isRefused() {
        assertRefused(allowed + "/../secret.mp4", "is outside the allowed directories");
    }

    @Test
    void localFile_escapingWithASymlink_isRefused() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("link.mp4"), root.resolve("secret.mp4"));
        Path dirLink = Files.createSymbolicLink(allowed.resolve("etc"), Path.of("/etc"));

        assertRefused(link.toString(), "leads outside the allowed directories");
        assertRefused(dirLink + "/passwd", "leads outside the allowed directories");
    }

    @Test
    void localFile_thatDoesNotExist_orIsADirectory_isRefused() throws IOException {
        Files.createDirectories(allowed.resolve("dir"));

        assertRefused(allowed + "/missing.mp4", "does not exist");
        assertRefused(allowed + "/dir", "is not a regular file");
    }

    @Test
    void localFile_outsideTheAllowedDirectories_isRefused_withoutSayingWhetherItExists() {
        assertRefused(root.resolve("secret.mp4").toString(), "is outside the allowed directories");
        assertRefused("/etc/passwd", "is outside the allowed directories");
        assertRefused(allowed + "-evil/default.mp4", "is outside the allowed directories");
    }

    @Test
    void localFile_throughASymlinkedAllowedDirectory_isAccepted() throws IOException {
        Path linkedDir = Files.createSymbolicLink(root.resolve("linked"), allowed);
        UrlPolicy viaLink = new UrlPolicy(List.of(linkedDir));

        assertThat(viaLink.validateBackgroundVideo(linkedDir + "/default.mp4").value()).isEqualTo("file:" + video.toRealPath());
    }

    @Test
    void liveStreams_areTheRtmpKinds() {
        assertThat(policy.validateBackgroundVideo("rtmp://cam/live/x").isLiveStream()).isTrue();
        assertThat(policy.validateBackgroundVideo("rtmps://cam/live/x").isLiveStream()).isTrue();
        assertThat(policy.validateBackgroundVideo("https://cam/live.flv").isLiveStream()).isFalse();
    }

    @Test
    void eachKind_hasTheMinimalProtocolWhitelist() {
        assertThat(UrlKind.RTMP.protocolWhitelist()).isEqualTo("rtmp,tcp");
        assertThat(UrlKind.RTMPS.protocolWhitelist()).isEqualTo("rtmps,tls,tcp");
        assertThat(UrlKind.HTTP.protocolWhitelist()).isEqualTo("http,tcp");
        assertThat(UrlKind.HTTPS.protocolWhitelist()).isEqualTo("https,tls,tcp");
        assertThat(UrlKind.FILE.protocolWhitelist()).isEqualTo("file");
    }

    private void assertRefused(String url, String reason) {
        assertThatThrownBy(() -> policy.validateBackgroundVideo(url))
                .isInstanceOfSatisfying(InvalidUrlException.class, e -> assertThat(e.reason()).contains(reason));
    }
}
