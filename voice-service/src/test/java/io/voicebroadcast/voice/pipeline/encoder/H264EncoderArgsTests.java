package io.voicebroadcast.voice.pipeline.encoder;

import io.voicebroadcast.voice.pipeline.VideoFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H264EncoderArgsTests {

    private static final VideoFormat HD30 = new VideoFormat(1280, 720, 30);

    @Test
    void libx264_isCbrWithFixedTwoSecondGop_veryfastZerolatency() {
        assertThat(H264EncoderArgs.videoArgs("libx264", HD30, "2500k", 2)).containsExactly(
                "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-profile:v", "high",
                "-preset", "veryfast", "-tune", "zerolatency", "-sc_threshold", "0",
                "-x264-params", "nal-hrd=cbr",
                "-b:v", "2500k", "-maxrate", "2500k", "-bufsize", "5000k",
                "-g", "60", "-keyint_min", "60");
    }

    @Test
    void libopenh264_usesBitrateRateControl_withoutFrameSkipping() {
        assertThat(H264EncoderArgs.videoArgs("libopenh264", new VideoFormat(1920, 1080, 60), "6M", 2)).containsExactly(
                "-c:v", "libopenh264",
                "-pix_fmt", "yuv420p", "-profile:v", "high",
                "-rc_mode", "bitrate", "-allow_skip_frames", "0",
                "-b:v", "6M", "-maxrate", "6M", "-bufsize", "12M",
                "-g", "120", "-keyint_min", "120");
    }

    @Test
    void hardwareEncoders_getTheirRateControlAndUploadOptions() {
        assertThat(H264EncoderArgs.videoArgs("h264_nvenc", HD30, "3000k", 2))
                .containsSubsequence("-rc", "cbr").containsSubsequence("-no-scenecut", "1");
        assertThat(H264EncoderArgs.videoArgs("h264_vaapi", HD30, "3000k", 2))
                .containsSubsequence("-init_hw_device", "vaapi=va:/dev/dri/renderD128", "-filter_hw_device", "va",
                        "-vf", "format=nv12,hwupload")
                .doesNotContain("-pix_fmt");
        assertThat(H264EncoderArgs.videoArgs("h264_qsv", HD30, "3000k", 2)).containsSubsequence("-vf", "format=nv12");
    }

    @Test
    void everyEncoder_getsTheSameRateAndGop() {
        for (String encoder : EncoderSelector.KNOWN_H264_ENCODERS) {
            List<String> args = H264EncoderArgs.videoArgs(encoder, HD30, "4500k", 2);
            assertThat(args).as(encoder)
                    .containsSubsequence("-b:v", "4500k", "-maxrate", "4500k", "-bufsize", "9000k", "-g", "60", "-keyint_min", "60");
        }
    }

    @Test
    void malformedBitrate_isRejected() {
        for (String bitrate : List.of("2500", "2.5M", "2500kb", "k", "", "-1k", "2500K")) {
            assertThatThrownBy(() -> H264EncoderArgs.videoArgs("libx264", HD30, bitrate, 2))
                    .as(bitrate).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2500k or 6M");
        }
    }

    @Test
    void keyframeIntervalOutOfRange_isRejected() {
        assertThatThrownBy(() -> H264EncoderArgs.videoArgs("libx264", HD30, "2500k", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
