package io.voicebroadcast.testsupport;

import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.BLUE;
import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.RED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.testsupport.MediaAnalysis.ColourSample;
import io.voicebroadcast.testsupport.MediaAnalysis.MediaInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCameraTests {

    private static NginxRtmpServer nginx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNginx() {
        nginx = NginxRtmpServer.start();
    }

    @AfterAll
    static void stopNginx() {
        nginx.close();
    }

    /** Plays a live URL for some seconds into a file, copying the streams as published. */
    private Path record(String url, int seconds, String name) {
        Path out = dir.resolve(name);
        try (ManagedProcess p = ManagedProcess.start("record", List.of("ffmpeg", "-v", "error", "-nostdin", "-rw_timeout", "5000000",
                "-i", url, "-t", String.valueOf(seconds), "-c", "copy", "-y", out.toString()))) {
            assertThat(p.waitFor(Duration.ofSeconds(seconds + 15))).as(p.tail()).isZero();
        }
        return out;
    }

    @Test
    void solidRedCamera_isPlayableOnLive_andShowsRedH264WithOneSecondKeyframes() {
        try (TestCamera camera = TestCamera.start(nginx.liveUrl("red"), "red", "640x360", 30)) {
            Duration ready = camera.awaitPublishing(nginx, "red", Duration.ofSeconds(15));
            System.out.println("TestCamera 640x360@30 playable after " + ready.toMillis() + " ms");

            Path rec = record(nginx.liveUrl("red"), 3, "red.flv");

            MediaInfo info = MediaAnalysis.streams(rec);
            assertThat(info.videoCodec()).isEqualTo("h264");
            assertThat(info.width()).isEqualTo(640);
            assertThat(info.height()).isEqualTo(360);
            assertThat(info.hasAudio()).isFalse();
            assertThat(MediaAnalysis.colourTimeline(rec, 5)).extracting(ColourSample::nearest).containsOnly(RED);
            assertThat(keyframeTimes(rec)).hasSizeGreaterThanOrEqualTo(2);
            List<Double> keys = keyframeTimes(rec);
            assertThat(keys.get(1) - keys.get(0)).isCloseTo(1.0, within(0.05));
        }
    }

    private static List<Double> keyframeTimes(Path file) {
        String csv = new String(MediaTools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", file.toString())));
        return csv.lines().filter(l -> l.contains("K")).map(l -> Double.valueOf(l.split(",")[0])).toList();
    }

    @Test
    void movingCameraWithSilentAudio_publishesH264AndSilentAac() {
        try (TestCamera camera = TestCamera.moving("640x360", 30).withSilentAudio().start(nginx.liveUrl("moving"))) {
            camera.awaitPublishing(nginx, "moving", Duration.ofSeconds(15));

            Path rec = record(nginx.liveUrl("moving"), 2, "moving.flv");

            MediaInfo info = MediaAnalysis.streams(rec);
            assertThat(info.videoCodec()).isEqualTo("h264");
            assertThat(info.audioCodec()).isEqualTo("aac");
            assertThat(info.sampleRate()).isEqualTo(48_000);
            assertThat(MediaAnalysis.rmsDb(rec, 0.2, 1.8)).isLessThan(-90);
        }
    }

    @Test
    void killedCamera_stopsAtOnce_andTheSameNameCanPublishAgain() {
        TestCamera first = TestCamera.start(nginx.liveUrl("crash"), BLUE.ffmpegName(), "320x180", 30);
        try (first) {
            first.awaitPublishing(nginx, "crash", Duration.ofSeconds(15));
            first.kill();
            assertThat(first.isAlive()).isFalse();
        }
        try (TestCamera second = TestCamera.start(nginx.liveUrl("crash"), "red", "320x180", 30)) {
            second.awaitPublishing(nginx, "crash", Duration.ofSeconds(15));
            assertThat(MediaAnalysis.colourTimeline(record(nginx.liveUrl("crash"), 1, "crash.flv"), 5))
                    .extracting(ColourSample::nearest).containsOnly(RED);
        }
    }

    @Test
    void awaitPublishing_failsFast_whenTheCameraCannotPublish() {
        String nowhere = "rtmp://127.0.0.1:" + NginxRtmpServer.freePort() + "/live/none";
        try (TestCamera camera = TestCamera.start(nowhere, "red", "320x180", 30)) {
            assertThatThrownBy(() -> camera.awaitPlayable(nowhere, Duration.ofSeconds(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("camera exited");
        }
    }
}
