package io.voicebroadcast.voice.pipeline.encoder;

import io.voicebroadcast.voice.pipeline.VideoFormat;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real /usr/bin/ffmpeg of this machine (Debian 12, GPL, no GPU). */
class FfmpegEncoderProbeTests {

    private static final VideoFormat HD30 = new VideoFormat(1280, 720, 30);
    private final FfmpegEncoderProbe probe = new FfmpegEncoderProbe("ffmpeg", Duration.ofSeconds(10),
            Duration.ofSeconds(10), System::nanoTime);

    @Test
    void realFfmpeg_listsLibx264_andIsGpl() {
        EncoderCapabilities caps = probe.capabilities();

        assertThat(caps.hasVideoEncoder("libx264")).isTrue();
        assertThat(caps.hasAudioEncoder("aac")).isTrue();
        assertThat(caps.gpl()).isTrue();
    }

    @Test
    void libx264_opensWithTheBroadcastArgs() {
        FfmpegEncoderProbe.OpenAttempt attempt = probe.tryOpen("libx264", HD30, "2500k", 2);

        assertThat(attempt.opened()).as(attempt.stderrTail()).isTrue();
    }

    @Test
    void nvenc_withoutGpu_failsQuickly_insteadOfHanging() {
        FfmpegEncoderProbe.OpenAttempt attempt = probe.tryOpen("h264_nvenc", HD30, "2500k", 2);

        assertThat(attempt.opened()).isFalse();
        assertThat(attempt.timedOut()).isFalse();
        assertThat(attempt.stderrTail()).contains("h264_nvenc");
        assertThat(attempt.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void openTimeout_killsAHangingTestEncode() {
        // A 1 ms limit cannot be met by any real process start: the probe must give up and clean up.
        FfmpegEncoderProbe impatient = new FfmpegEncoderProbe("ffmpeg", Duration.ofSeconds(10), Duration.ofMillis(1),
                System::nanoTime);

        FfmpegEncoderProbe.OpenAttempt attempt = impatient.tryOpen("libx264", HD30, "2500k", 2);

        assertThat(attempt.opened()).isFalse();
        assertThat(attempt.timedOut()).isTrue();
    }

    @Test
    void auto_onThisMachine_selectsLibx264_withTheGplNote() {
        EncoderSelector selector = new EncoderSelector(probe.capabilities(), probe.openTest(HD30, "2500k", 2));

        SelectedEncoder selected = selector.select("auto", false);

        assertThat(selected.name()).isEqualTo("libx264");
        assertThat(selected.gpl()).isTrue();
        assertThat(selected.note()).contains("this FFmpeg build is GPL (--enable-gpl); using libx264");
    }
}
