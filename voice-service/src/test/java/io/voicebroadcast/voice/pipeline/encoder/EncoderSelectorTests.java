package io.voicebroadcast.voice.pipeline.encoder;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.voicebroadcast.voice.pipeline.encoder.EncoderCapabilitiesTests.debian12;
import static io.voicebroadcast.voice.pipeline.encoder.EncoderCapabilitiesTests.lgplWithOpenH264;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderSelectorTests {

    /** Opens only the named encoders and records every question asked. */
    static final class FakeOpenTest implements EncoderOpenTest {
        private final Set<String> working;
        final List<String> asked = new ArrayList<>();

        FakeOpenTest(String... working) {
            this.working = Set.of(working);
        }

        @Override
        public boolean opens(String encoderName) {
            asked.add(encoderName);
            return working.contains(encoderName);
        }
    }

    private static EncoderCapabilities caps(boolean gpl, String... videoEncoders) {
        return new EncoderCapabilities(Set.of(videoEncoders), Set.of("aac"), gpl, false, false);
    }

    @Test
    void auto_onDebianWithoutGpu_picksLibx264_withGplNote() {
        FakeOpenTest openTest = new FakeOpenTest("libx264");

        SelectedEncoder selected = new EncoderSelector(debian12(), openTest).select("auto", false);

        assertThat(selected).isEqualTo(new SelectedEncoder("libx264", true,
                Optional.of("this FFmpeg build is GPL (--enable-gpl); using libx264")));
        assertThat(openTest.asked).containsExactly("h264_nvenc", "h264_qsv", "h264_vaapi");
    }

    @Test
    void auto_prefersOpenH264_whenPresentAndItOpens() {
        SelectedEncoder selected = new EncoderSelector(lgplWithOpenH264(), new FakeOpenTest("libopenh264", "h264_nvenc"))
                .select("auto", true);

        assertThat(selected).isEqualTo(new SelectedEncoder("libopenh264", false, Optional.empty()));
    }

    @Test
    void auto_takesTheFirstHardwareEncoderThatOpens_inPreferenceOrder() {
        EncoderCapabilities caps = caps(false, "h264_nvenc", "h264_qsv", "h264_vaapi");
        FakeOpenTest openTest = new FakeOpenTest("h264_vaapi", "h264_qsv");

        SelectedEncoder selected = new EncoderSelector(caps, openTest).select("auto", false);

        assertThat(selected.name()).isEqualTo("h264_qsv");
        assertThat(selected.note()).isEmpty();
        assertThat(openTest.asked).containsExactly("h264_nvenc", "h264_qsv");
    }

    @Test
    void auto_neverAsksAboutEncodersTheBuildLacks() {
        FakeOpenTest openTest = new FakeOpenTest();

        new EncoderSelector(caps(true, "libx264", "h264_vaapi"), openTest).select("auto", false);

        assertThat(openTest.asked).containsExactly("h264_vaapi");
    }

    @Test
    void auto_withNothingUsable_explainsWhatToInstall() {
        EncoderCapabilities caps = caps(false, "h264_nvenc", "libvpx");

        assertThatThrownBy(() -> new EncoderSelector(caps, new FakeOpenTest()).select("auto", false))
                .isInstanceOf(EncoderConfigurationException.class)
                .hasMessageContaining("No usable H.264 encoder")
                .hasMessageContaining("H.264 encoders present: h264_nvenc")
                .hasMessageContaining("libopenh264 (LGPL) or libx264 (GPL)");
    }

    @Test
    void blankOrNullCodec_meansAuto() {
        EncoderSelector selector = new EncoderSelector(caps(true, "libx264"), new FakeOpenTest());

        assertThat(selector.select(null, false).name()).isEqualTo("libx264");
        assertThat(selector.select("  ", false).name()).isEqualTo("libx264");
        assertThat(selector.select(" AUTO ", false).name()).isEqualTo("libx264");
    }

    @Test
    void requireLgpl_withGplBuild_failsAtOnce_withoutOpeningAnything() {
        FakeOpenTest openTest = new FakeOpenTest("libx264");

        assertThatThrownBy(() -> new EncoderSelector(debian12(), openTest).select("libx264", true))
                .isInstanceOf(EncoderConfigurationException.class)
                .hasMessage("this FFmpeg build is GPL (--enable-gpl) but VOICE_STREAMING_REQUIRE_LGPL=true; "
                        + "install an LGPL build with libopenh264 or set VOICE_STREAMING_REQUIRE_LGPL=false");
        assertThat(openTest.asked).isEmpty();
    }

    @Test
    void configuredVp8_isRejected_becauseFlvTakesOnlyH264() {
        assertThatThrownBy(() -> new EncoderSelector(debian12(), new FakeOpenTest("libvpx")).select("libvpx", false))
                .isInstanceOf(EncoderConfigurationException.class)
                .hasMessageContaining("Video codec libvpx cannot go into FLV, which RTMP needs; FFmpeg 5.1 puts only H.264 into FLV")
                .hasMessageContaining("VOICE_STREAMING_VIDEO_CODEC=auto")
                .hasMessageContaining("libx264");
    }

    @Test
    void configuredVp9OrAnythingElse_isRejectedTheSameWay() {
        EncoderSelector selector = new EncoderSelector(debian12(), new FakeOpenTest("libvpx-vp9", "mpeg4"));

        for (String codec : List.of("libvpx-vp9", "mpeg4", "libx264rgb", "h265")) {
            assertThatThrownBy(() -> selector.select(codec, false))
                    .as(codec)
                    .isInstanceOf(EncoderConfigurationException.class)
                    .hasMessageContaining("Video codec " + codec + " cannot go into FLV");
        }
    }

    @Test
    void configuredH264EncoderMissingFromBuild_namesItAndListsThePresentOnes() {
        assertThatThrownBy(() -> new EncoderSelector(debian12(), new FakeOpenTest()).select("libopenh264", false))
                .isInstanceOf(EncoderConfigurationException.class)
                .hasMessageContaining("Video codec libopenh264 is not in this FFmpeg build")
                .hasMessageContaining("H.264 encoders present: libx264, h264_nvenc, h264_qsv, h264_vaapi, h264_v4l2m2m, h264_omx");
    }

    @Test
    void configuredEncoderPresentAndOpening_isUsed_withoutNote() {
        SelectedEncoder selected = new EncoderSelector(debian12(), new FakeOpenTest("libx264")).select("libx264", false);

        assertThat(selected).isEqualTo(new SelectedEncoder("libx264", true, Optional.empty()));
    }

    @Test
    void configuredEncoderThatDoesNotOpen_failsWithAHint() {
        assertThatThrownBy(() -> new EncoderSelector(debian12(), new FakeOpenTest("libx264")).select("h264_nvenc", false))
                .isInstanceOf(EncoderConfigurationException.class)
                .hasMessageContaining("h264_nvenc is in this FFmpeg build but did not open")
                .hasMessageContaining("VOICE_STREAMING_VIDEO_CODEC=auto");
    }

    @Test
    void requireLgpl_withLgplBuild_allowsConfiguredOpenH264() {
        SelectedEncoder selected = new EncoderSelector(lgplWithOpenH264(), new FakeOpenTest("libopenh264"))
                .select("libopenh264", true);

        assertThat(selected.gpl()).isFalse();
        assertThat(selected.name()).isEqualTo("libopenh264");
    }
}
