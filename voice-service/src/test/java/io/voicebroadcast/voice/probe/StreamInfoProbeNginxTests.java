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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ffprobe on a live camera, unpublished names, files and HTTP, through a real nginx-rtmp. */
class StreamInfoProbeNginxTests {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration CAMERA_START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SLACK = Duration.ofMillis(700);

    @TempDir
    static Path media;
    private static NginxRtmpServer nginx;
    private static ManagedProcess camera;
    private static UrlPolicy policy;
    private final StreamInfoProbe probe = new StreamInfoProbe(Path.of(TestMedia.FFPROBE), PROBE_TIMEOUT, READ_TIMEOUT);

    @BeforeAll
    static void start() throws IOException {
        TestMedia.videoFile(media, "bg.mp4");
        TestMedia.audioFile(media, "tone.m4a");
        policy = new UrlPolicy(List.of(media));
        nginx = NginxRtmpServer.start();
        Files.copy(media.resolve("bg.mp4"), nginx.httpRoot().resolve("bg.mp4"));
        camera = TestMedia.camera(nginx, "cam");
        await().atMost(CAMERA_START_TIMEOUT).until(() -> nginx.publishCount("live") >= 1);
    }

    @AfterAll
    static void stop() {
        if (camera != null) {
            camera.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void liveCamera_probesOk_withinAboutOneKeyframeInterval() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            StreamInfo info = probe.probe(policy.validateBackgroundVideo(nginx.liveUrl("cam")));
            millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());

            assertThat(info).isEqualTo(new StreamInfo("h264", 1280, 720));
        }
        System.out.println("camera probe durations (ms, 1 s GOP): " + millis);
        // ffprobe waits for the next keyframe: at most one GOP (1 s) plus connecting
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
    }

    /**
     * A game camera with sound, at 2.5 Mb/s and a 2 s keyframe interval: nginx starts a player at
     * the next keyframe and sends the sound meanwhile, which fills a quick probe (measured: 4 of 5
     * quick probes saw no video). Every probe must find the picture, within the probe timeout.
     */
    @Test
    void cameraWithSound_sendingSecondsOfAudioFirst_isFoundToHaveVideo_everyTime() {
        try (ManagedProcess loud = ManagedProcess.start("camera with sound", List.of(TestMedia.FFMPEG, "-hide_banner", "-nostdin",
                "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-keyint_min", "60", "-b:v", "2500k",
                "-c:a", "aac", "-b:a", "160k", "-f", "flv", nginx.liveUrl("loud")))) {
            await().atMost(CAMERA_START_TIMEOUT).until(() -> nginx.publishCount("live") >= 2);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                StreamInfo info = probe.probe(policy.validateBackgroundVideo(nginx.liveUrl("loud")));
                millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                assertThat(info).isEqualTo(new StreamInfo("h264", 1280, 720));
            }
            System.out.println("probe durations of a camera with sound (ms, 2 s GOP): " + millis);
            assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(PROBE_TIMEOUT.toMillis()));
        }
    }

    @Test
    void nameNobodyPublishes_failsAsTimeout_afterTheReadTimeout_withinTheProbeTimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> probe.probe(policy.validateBackgroundVideo(nginx.liveUrl("secretnobody"))))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ProbeFailure.TIMEOUT);
                    assertThat(e.getMessage()).doesNotContain("secretnobody").contains("/live/****");
                });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("unpublished name failed after " + elapsed.toMillis() + " ms (read timeout " + READ_TIMEOUT.toMillis() + " ms)");
        assertThat(elapsed).isBetween(READ_TIMEOUT, READ_TIMEOUT.plus(SLACK));
    }

    @Test
    void probeTimeout_shorterThanTheReadTimeout_killsFfprobe() {
        Duration shortProbe = Duration.ofMillis(800);
        StreamInfoProbe impatient = new StreamInfoProbe(Path.of(TestMedia.FFPROBE), shortProbe, Duration.ofSeconds(30));
        long started = System.nanoTime();

        assertThatThrownBy(() -> impatient.probe(policy.validateBackgroundVideo(nginx.liveUrl("nobody"))))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> assertThat(e.failure()).isEqualTo(ProbeFailure.TIMEOUT));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(shortProbe, shortProbe.plus(SLACK));
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("ffprobe"))).isEmpty();
    }

    @Test
    void unknownApplication_isNotFound_quickly() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> probe.probe(policy.validateBackgroundVideo(
                "rtmp://127.0.0.1:" + nginx.rtmpPort() + "/nosuchapp/cam")))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> assertThat(e.failure()).isEqualTo(ProbeFailure.NOT_FOUND));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT);
    }

    @Test
    void fileUnderAnAllowedDirectory_probesOk() {
        assertThat(probe.probe(policy.validateBackgroundVideo(media.resolve("bg.mp4").toString())))
                .isEqualTo(new StreamInfo("h264", 320, 240));
    }

    @Test
    void audioOnlyFile_hasNoVideo() {
        assertThatThrownBy(() -> probe.probe(policy.validateBackgroundVideo(media.resolve("tone.m4a").toString())))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> assertThat(e.failure()).isEqualTo(ProbeFailure.NO_VIDEO));
    }

    @Test
    void httpFile_probesOk_andMissingHttpFile_isNotFound() {
        assertThat(probe.probe(policy.validateBackgroundVideo(nginx.httpUrl("bg.mp4") + "?sig=s3cr3tsig")))
                .isEqualTo(new StreamInfo("h264", 320, 240));
        assertThatThrownBy(() -> probe.probe(policy.validateBackgroundVideo(nginx.httpUrl("missing.mp4") + "?sig=s3cr3tsig")))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ProbeFailure.NOT_FOUND);
                    assertThat(e.getMessage()).contains("404").doesNotContain("s3cr3tsig");
                });
    }

    @Test
    void closedPort_isUnreachable() {
        int closed = NginxRtmpServer.freePort();

        assertThatThrownBy(() -> probe.probe(policy.validateBackgroundVideo("rtmp://127.0.0.1:" + closed + "/live/secretcam")))
                .isInstanceOfSatisfying(ProbeFailedException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ProbeFailure.UNREACHABLE);
                    assertThat(e.getMessage()).contains("Connection refused").doesNotContain("secretcam");
                });
    }
}
