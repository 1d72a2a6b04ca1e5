package io.voicebroadcast.voice.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.pipeline.Opening;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StreamInfoProbeTests {

    private final StreamInfoProbe probe = new StreamInfoProbe(Path.of("/usr/bin/ffprobe"), Duration.ofSeconds(5),
            Duration.ofMillis(2500), Path.of("/etc/ca.pem"));

    @Test
    void argv_limitsProtocols_andUsesRwTimeoutInMicroseconds_neverRtmpTimeout() {
        List<String> argv = probe.argv(new ValidatedUrl("rtmp://cam/live/x", UrlKind.RTMP, "rtmp://cam/live/****"), new Opening(List.of(), "rtmp://cam/live/x"));

        assertThat(argv).startsWith("/usr/bin/ffprobe").endsWith("-i", "rtmp://cam/live/x")
                .containsSequence("-protocol_whitelist", "rtmp,tcp")
                .containsSequence("-rw_timeout", "2500000")
                .doesNotContain("-timeout", "-tls_verify");
    }

    @Test
    void argv_verifiesCertificates_forTlsKinds() {
        assertThat(probe.argv(new ValidatedUrl("https://cdn/x.mp4", UrlKind.HTTPS, "https://cdn/x.mp4"), new Opening(List.of(), "https://cdn/x.mp4")))
                .containsSequence("-protocol_whitelist", "https,tls,tcp")
                .containsSequence("-tls_verify", "1", "-ca_file", "/etc/ca.pem");
        assertThat(probe.argv(new ValidatedUrl("file:/bg/x.mp4", UrlKind.FILE, "/bg/x.mp4"), new Opening(List.of(), "file:/bg/x.mp4")))
                .containsSequence("-protocol_whitelist", "file").doesNotContain("-tls_verify");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "[tcp @ 0x5] Connection to tcp://h:1 failed: Connection refused                    | RTMP  | 100  | UNREACHABLE",
            "[tcp @ 0x5] Failed to resolve hostname nohost: Name or service not known          | RTMP  | 100  | UNREACHABLE",
            "http://h/x.mp4: Server returned 404 Not Found                                      | HTTP  | 100  | NOT_FOUND",
            "http://h/x.mp4: Server returned 403 Forbidden (access denied)                      | HTTPS | 100  | NOT_FOUND",
            "file:/bg/x.mp4: No such file or directory                                          | FILE  | 10   | NOT_FOUND",
            "rtmp://h/live/x: Input/output error                                                | RTMP  | 2600 | TIMEOUT",
            "rtmp://h/nosuchapp/x: Input/output error                                           | RTMP  | 90   | NOT_FOUND",
            "[tcp @ 0x5] Connection to tcp://h:1935 failed: Connection timed out                | RTMP  | 100  | TIMEOUT",
            "/bg/x.mp4: Invalid data found when processing input                                | FILE  | 10   | UNREADABLE",
            "[tls @ 0x5] Peer certificate failed verification https://h/x.mp4: Input/output error | HTTPS | 100  | UNREADABLE",
            "[file @ 0x5] Protocol 'file' not on whitelist 'http,tcp'!                          | HTTP  | 10   | UNREADABLE"})
    void classify_readsFfprobesErrors(String stderr, UrlKind kind, long elapsedMillis, ProbeFailure expected) {
        assertThat(StreamInfoProbe.classify(stderr, kind, Duration.ofMillis(elapsedMillis), Duration.ofMillis(2500)))
                .isEqualTo(expected);
    }

    @Test
    void firstVideoStream_skipsAudio_andIsEmptyWithoutVideo() throws Exception {
        String both = "{\"programs\":[],\"streams\":[{\"codec_name\":\"aac\",\"codec_type\":\"audio\"},"
                + "{\"codec_name\":\"h264\",\"codec_type\":\"video\",\"width\":1280,\"height\":720}]}";

        assertThat(StreamInfoProbe.firstVideoStream(both)).contains(new StreamInfo("h264", 1280, 720));
        assertThat(StreamInfoProbe.firstVideoStream("{\"streams\":[{\"codec_type\":\"audio\"}]}")).isEmpty();
        assertThat(StreamInfoProbe.firstVideoStream("{}")).isEmpty();
    }
}
