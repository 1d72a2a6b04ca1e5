package io.voicebroadcast.voice.pipeline.encoder;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderCapabilitiesTests {

    static String resource(String name) {
        try (InputStream in = EncoderCapabilitiesTests.class.getResourceAsStream("/ffmpeg/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static EncoderCapabilities debian12() {
        return EncoderCapabilities.parse(resource("encoders-debian12.txt"), resource("buildconf-debian12.txt"));
    }

    /** Hand-made: the Debian listing without libx264/libx265/libxvid, plus libopenh264, and no --enable-gpl. */
    static EncoderCapabilities lgplWithOpenH264() {
        return EncoderCapabilities.parse(resource("encoders-lgpl-openh264.txt"), resource("buildconf-lgpl-openh264.txt"));
    }

    @Test
    void debian12Build_isGpl_withLibx264AndHardwareEncodersListed_butNoOpenH264() {
        EncoderCapabilities caps = debian12();

        assertThat(caps.gpl()).isTrue();
        assertThat(caps.nonfree()).isFalse();
        assertThat(caps.version3()).isFalse();
        assertThat(caps.videoEncoders()).contains("libx264", "h264_nvenc", "h264_qsv", "h264_vaapi", "h264_v4l2m2m",
                "libvpx", "libvpx-vp9", "mpeg4").doesNotContain("libopenh264", "aac", "=");
        assertThat(caps.audioEncoders()).contains("aac", "libopus", "pcm_mulaw", "pcm_alaw").doesNotContain("libx264");
        assertThat(caps.licence()).isEqualTo("GPL");
    }

    @Test
    void legendLinesAboveTheSeparator_areNotEncoders() {
        EncoderCapabilities caps = debian12();

        assertThat(caps.videoEncoders()).doesNotContain("=", "Video");
        assertThat(caps.videoEncoders()).first().isEqualTo("a64multi");
    }

    @Test
    void lgplBuild_isNotGpl_andHasOpenH264() {
        EncoderCapabilities caps = lgplWithOpenH264();

        assertThat(caps.gpl()).isFalse();
        assertThat(caps.version3()).isTrue();
        assertThat(caps.hasVideoEncoder("libopenh264")).isTrue();
        assertThat(caps.hasVideoEncoder("libx264")).isFalse();
        assertThat(caps.licence()).isEqualTo("LGPL v3");
    }

    @Test
    void lastOfEnableAndDisable_wins_likeConfigure() {
        String encoders = "Encoders:\n ------\n V....D libx264  x (codec h264)\n";

        assertThat(EncoderCapabilities.parse(encoders, "configuration:\n --enable-gpl --disable-gpl\n").gpl()).isFalse();
        assertThat(EncoderCapabilities.parse(encoders, "configuration:\n --disable-gpl --enable-gpl --enable-nonfree\n"))
                .satisfies(c -> {
                    assertThat(c.gpl()).isTrue();
                    assertThat(c.nonfree()).isTrue();
                });
    }

    @Test
    void textThatIsNotFfmpegOutput_isRejected() {
        assertThatThrownBy(() -> EncoderCapabilities.parse("ffmpeg: command not found", resource("buildconf-debian12.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-encoders");
        assertThatThrownBy(() -> EncoderCapabilities.parse(resource("encoders-debian12.txt"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-buildconf");
    }
}
