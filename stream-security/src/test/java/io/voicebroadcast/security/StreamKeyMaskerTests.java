package io.voicebroadcast.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamKeyMaskerTests {

    /** url, expected mask, the secret that must not appear (null when the case holds none). */
    static Stream<Arguments> urls() {
        return Stream.of(
                // the platforms
                row("rtmp://live.twitch.tv/app/live_123_abc", "rtmp://live.twitch.tv/app/****", "live_123_abc"),
                row("rtmp://a.rtmp.youtube.com/live2/key", "rtmp://a.rtmp.youtube.com/live2/****", null),
                row("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop", "rtmp://a.rtmp.youtube.com/live2/****", "abcd-efgh-ijkl-mnop"),
                row("rtmp://b.rtmp.youtube.com/live2?backup=1/abcd-efgh-ijkl", "rtmp://b.rtmp.youtube.com/****", "abcd-efgh-ijkl"),
                row("rtmps://live-api-s.facebook.com:443/rtmp/FB-123?s_bl=1&a=AbSecretTok", "rtmps://live-api-s.facebook.com:443/rtmp/****?****", "AbSecretTok"),
                row("rtmp://host/app/streamKey?token=tok3n", "rtmp://host/app/****?****", "tok3n"),
                row("rtmp://host/app/streamKey?token=tok3n", "rtmp://host/app/****?****", "streamKey"),
                // ports and hosts
                row("rtmp://127.0.0.1:1935/out/secretkey", "rtmp://127.0.0.1:1935/out/****", "secretkey"),
                row("rtmp://[::1]:1935/live/secretkey", "rtmp://[::1]:1935/live/****", "secretkey"),
                row("rtmp://[fe80::1%25eth0]/live/secretkey", "rtmp://[fe80::1%25eth0]/live/****", "secretkey"),
                row("rtmps://host:65535/app/secretkey", "rtmps://host:65535/app/****", "secretkey"),
                // keys with reserved characters
                row("rtmp://host/app/sec/ret/key", "rtmp://host/app/****", "ret/key"),
                row("rtmp://host/app/sec@retkey", "rtmp://host/app/****", "retkey"),
                row("rtmp://host/app/sec:retkey", "rtmp://host/app/****", "retkey"),
                row("rtmp://host/app/sec?retkey", "rtmp://host/app/****?****", "retkey"),
                row("rtmp://host/app/sec#retkey", "rtmp://host/app/****#****", "retkey"),
                row("rtmp://host/app/sec%2Fret%40key", "rtmp://host/app/****", "ret%40key"),
                row("rtmp://host/app/s%C3%A9cr%C3%A8t", "rtmp://host/app/****", "s%C3%A9cr"),
                row("rtmp://host/app/key with spaces", "rtmp://host/app/****", "with spaces"),
                // user info
                row("rtmp://user:pa55word@host/app/secretkey", "rtmp://****@host/app/****", "pa55word"),
                row("rtmp://user:pa@55word@host/app/secretkey", "rtmp://****@host/app/****", "55word"),
                row("rtmp://user:pa/55word@host/app/secretkey", "rtmp://****", "55word"),
                row("rtmp://user:1234/pw@host/app/secretkey", "rtmp://user:1234/****/****", "pw@host"),
                // key equal to the application: the key must be gone from its own place
                row("rtmp://host/live/live", "rtmp://host/live/****", null),
                // trailing slashes, no key, odd shapes
                row("rtmp://host/app/", "rtmp://host/app/", null),
                // one segment: it may be a key pasted where the application belongs, so it is masked whole
                row("rtmp://host/app", "rtmp://host/****", null),
                row("rtmp://ingest.example.com/live_123_pastedkey", "rtmp://ingest.example.com/****", "live_123_pastedkey"),
                row("rtmp://127.0.0.1:1935/live_123_pastedkey", "rtmp://127.0.0.1:1935/****", "live_123_pastedkey"),
                row("rtmps://host:443/live_123_pastedkey?x=1", "rtmps://host:443/****", "live_123_pastedkey"),
                row("rtmp://user:pw55@host/live_123_pastedkey", "rtmp://****@host/****", "live_123_pastedkey"),
                row("rtmp://host", "rtmp://host", null),
                row("rtmp://host?secretkey", "rtmp://host?****", "secretkey"),
                row("rtmp://host//secretkey", "rtmp://host//****", "secretkey"),
                row("rtmp://host/app/secretkey/", "rtmp://host/app/****", "secretkey"),
                // schemes: case and variants
                row("RTMP://Live.Twitch.TV/app/live_123_abc", "rtmp://Live.Twitch.TV/app/****", "live_123_abc"),
                row("RtMpS://host/app/secretkey", "rtmps://host/app/****", "secretkey"),
                row("rtmpt://host/app/secretkey", "rtmpt://host/app/****", "secretkey"),
                row("rtmpe://host/app/secretkey", "rtmpe://host/app/****", "secretkey"),
                row("rtmpte://host:80/app/secretkey", "rtmpte://host:80/app/****", "secretkey"),
                // whitespace around
                row("  rtmp://host/app/secretkey \n", "rtmp://host/app/****", "secretkey"),
                row("rtmp://ho st/app/secretkey", "rtmp://****", "secretkey"),
                row("rtmp://host/app/secret\tkey", "rtmp://host/app/****", "secret"),
                // http: path kept, query and user info masked
                row("https://cdn.example.com/bg/loop.mp4", "https://cdn.example.com/bg/loop.mp4", null),
                row("https://cdn.example.com/bg/loop.mp4?X-Amz-Signature=s3cr3tsig&X-Amz-Credential=AKIAFOO", "https://cdn.example.com/bg/loop.mp4?****", "s3cr3tsig"),
                row("http://admin:hunter22@cam.local:8080/stream.flv", "http://****@cam.local:8080/stream.flv", "hunter22"),
                row("HTTPS://cdn.example.com/a.png#secretfrag", "https://cdn.example.com/a.png#****", "secretfrag"),
                // other schemes: only the origin
                row("srt://host:9000?streamid=publish:secretkey", "srt://host:9000?****", "secretkey"),
                row("tcp://host:1935/secretkey", "tcp://host:1935/****", "secretkey"),
                row("concat:/a.mp4|/secretfile.mp4", "concat:****", "secretfile"),
                row("data:text/plain;base64,c2VjcmV0a2V5", "data:****", "c2VjcmV0a2V5"),
                row("file:/opt/bg/secretname.mp4", "file:****", "secretname"),
                // files are kept, everything unreadable is masked
                row("/opt/bannou/backgrounds/default.mp4", "/opt/bannou/backgrounds/default.mp4", null),
                row("live_123_abc", StreamKeyMasker.UNPARSEABLE, "live_123_abc"),
                row("//host/app/secretkey", StreamKeyMasker.UNPARSEABLE, "secretkey"),
                row("rtmp://host:99999999/app/secretkey", "rtmp://****", "secretkey"),
                row("rtmp://[::1/app/secretkey", "rtmp://****", "secretkey"),
                row("rtmp://host:/app/secretkey", "rtmp://****", "secretkey"),
                row("rtmp:///app/secretkey", "rtmp://****", "secretkey"),
                row("", "", null));
    }

    private static Arguments row(String url, String expected, String secret) {
        return Arguments.of(url, expected, secret);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("urls")
    void mask_keepsWhereItGoes_andHidesTheSecret(String url, String expected, String secret) {
        String masked = StreamKeyMasker.mask(url);

        assertThat(masked).isEqualTo(expected);
        if (secret != null) {
            assertThat(masked).doesNotContain(secret).doesNotContain(SecretRedactor.percentDecode(secret));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("urls")
    void maskText_masksTheUrlInsideAnFfmpegLine(String url, String expected, String secret) {
        String line = "[rtmp @ 0x55d0c0] Error opening '" + url + "': Input/output error";

        String masked = StreamKeyMasker.maskText(line);

        assertThat(masked).startsWith("[rtmp @ 0x55d0c0] Error opening '").endsWith("': Input/output error");
        // free text cannot tell where a URL with inner whitespace ends, nor that a bare word is a
        // key: those are the redactor's job, proven below
        boolean recognisable = url.strip().matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:\\S*") && !url.strip().startsWith("file:");
        if (secret != null && recognisable) {
            assertThat(masked).doesNotContain(secret);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("urls")
    void redactorOfTheUrl_removesTheSecretFromAnyLine(String url, String expected, String secret) {
        String line = "[rtmp @ 0x55d0c0] Error opening '" + url + "': Input/output error; play path " + url.strip();

        String redacted = new SecretRedactor(java.util.List.of(url)).redact(line);

        if (secret != null) {
            assertThat(redacted).doesNotContain(secret);
        }
    }

    @Test
    void maskStrictly_treatsAnyUrlLikeRtmp() {
        assertThat(StreamKeyMasker.maskStrictly("https://live.twitch.tv/app/live_123_abc?x=1"))
                .isEqualTo("https://live.twitch.tv/app/****?****");
        assertThat(StreamKeyMasker.maskStrictly("/opt/bg/default.mp4")).isEqualTo("/opt/bg/default.mp4");
        assertThat(StreamKeyMasker.maskStrictly("concat:a|b")).isEqualTo("concat:****");
        assertThat(StreamKeyMasker.maskStrictly("live123key:x")).isEqualTo(StreamKeyMasker.UNPARSEABLE);
        assertThat(StreamKeyMasker.maskStrictly("live123key://x/y/z")).isEqualTo(StreamKeyMasker.UNPARSEABLE);
    }

    @Test
    void mask_ofNull_isASafeWord() {
        assertThat(StreamKeyMasker.mask(null)).isEqualTo("null");
        assertThat(StreamKeyMasker.maskText(null)).isEqualTo("null");
    }

    @Test
    void mask_neverThrows_onGarbage() {
        String[] garbage = {"://", ":", "rtmp://", "rtmp://@", "rtmp://[", "rtmp://]:", "a:b:c", "\u0000rtmp://x/y/z", "rtmp://host/\u0000/key",
                "%%%", "rtmp://h/%zz/%", "rtmp://" + "a".repeat(100_000) + "/app/key"};
        for (String g : garbage) {
            assertThatCode(() -> StreamKeyMasker.mask(g)).doesNotThrowAnyException();
            assertThatCode(() -> StreamKeyMasker.maskText(g)).doesNotThrowAnyException();
        }
    }

    @Test
    void maskText_keepsTrailingPunctuation_andMasksTheKey() {
        assertThat(StreamKeyMasker.maskText("rtmp://h/app/KEY9: Input/output error"))
                .isEqualTo("rtmp://h/app/****: Input/output error");
    }

    @Test
    void maskText_masksEveryUrlOfAJoinedArgv() {
        String argv = "ffmpeg -i rtmp://127.0.0.1:1935/live/cam -f flv rtmp://live.twitch.tv/app/live_123_abc -y \"https://u:p4ss@x/y?sig=abcdef\"";

        assertThat(StreamKeyMasker.maskText(argv)).isEqualTo(
                "ffmpeg -i rtmp://127.0.0.1:1935/live/**** -f flv rtmp://live.twitch.tv/app/**** -y \"https://****@x/y?****\"");
    }

    @Test
    void maskText_masksTheTcpConnectionLineOfFfmpeg() {
        String line = "[tcp @ 0x55] Connection to tcp://live.twitch.tv:1935?timeout=5000000 failed: Connection refused";

        assertThat(StreamKeyMasker.maskText(line))
                .isEqualTo("[tcp @ 0x55] Connection to tcp://live.twitch.tv:1935?**** failed: Connection refused");
    }

    @Test
    void maskText_leavesTextWithoutUrlsAlone() {
        String line = "frame=  120 fps= 30 q=23.0 size=     512kB time=00:00:04.00 bitrate=1048.6kbits/s speed=1x";

        assertThat(StreamKeyMasker.maskText(line)).isEqualTo(line);
    }
}
