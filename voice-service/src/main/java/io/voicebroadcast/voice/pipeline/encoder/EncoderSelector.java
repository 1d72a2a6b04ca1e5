package io.voicebroadcast.voice.pipeline.encoder;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the H.264 encoder for the broadcast from facts about the FFmpeg build.
 *
 * <p>RTMP needs FLV, and FFmpeg 5.1's FLV muxer takes only H.264 video (enhanced FLV with
 * VP9/HEVC/AV1 needs FFmpeg 6.1+), so whatever is configured must be an H.264 encoder that this
 * build has and that opens on this machine.
 */
public final class EncoderSelector {

    public static final String AUTO = "auto";
    static final String CODEC_SETTING = "VOICE_STREAMING_VIDEO_CODEC";
    static final String LGPL_SETTING = "VOICE_STREAMING_REQUIRE_LGPL";
    static final String LIBX264 = "libx264";

    /** H.264 encoders FFmpeg 5.1 may have that produce 4:2:0 H.264 for FLV. */
    static final List<String> KNOWN_H264_ENCODERS = List.of(
            "libx264", "libopenh264", "h264_nvenc", "h264_qsv", "h264_vaapi", "h264_amf",
            "h264_v4l2m2m", "h264_mf", "h264_videotoolbox", "h264_omx");

    /**
     * Tried in order by {@code auto}. LGPL-compatible first: libopenh264 is a software encoder
     * that works everywhere it is built in; hardware encoders only where a device opens.
     */
    static final List<String> AUTO_PREFERENCE = List.of("libopenh264", "h264_nvenc", "h264_qsv", "h264_vaapi");

    private final EncoderCapabilities capabilities;
    private final EncoderOpenTest openTest;

    public EncoderSelector(EncoderCapabilities capabilities, EncoderOpenTest openTest) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.openTest = Objects.requireNonNull(openTest, "openTest");
    }

    /**
     * @param configuredCodec {@code auto} or an FFmpeg encoder name
     * @param requireLgpl     refuse a GPL build even when it would work
     * @throws EncoderConfigurationException when no H.264 encoder fits; the message says what to set instead
     */
    public SelectedEncoder select(String configuredCodec, boolean requireLgpl) {
        String codec = configuredCodec == null ? AUTO : configuredCodec.strip().toLowerCase(Locale.ROOT);
        if (requireLgpl && capabilities.gpl()) {
            throw new EncoderConfigurationException("this FFmpeg build is GPL (--enable-gpl) but " + LGPL_SETTING
                    + "=true; install an LGPL build with libopenh264 or set " + LGPL_SETTING + "=false");
        }
        return codec.isEmpty() || codec.equals(AUTO) ? selectAutomatically() : checkConfigured(codec);
    }

    private SelectedEncoder checkConfigured(String codec) {
        if (!KNOWN_H264_ENCODERS.contains(codec)) {
            throw new EncoderConfigurationException("Video codec " + codec + " cannot go into FLV, which RTMP needs; "
                    + "FFmpeg 5.1 puts only H.264 into FLV. Set " + CODEC_SETTING + "=auto or an H.264 encoder"
                    + presentSuffix() + ".");
        }
        if (!capabilities.hasVideoEncoder(codec)) {
            throw new EncoderConfigurationException("Video codec " + codec + " is not in this FFmpeg build; "
                    + "H.264 encoders present: " + presentOrNone() + ". Set " + CODEC_SETTING + "=auto or one of them.");
        }
        if (!openTest.opens(codec)) {
            throw new EncoderConfigurationException("Video codec " + codec + " is in this FFmpeg build but did not open"
                    + " on this machine (missing device, driver or library?). Set " + CODEC_SETTING
                    + "=auto or another H.264 encoder" + presentSuffix() + ".");
        }
        return new SelectedEncoder(codec, capabilities.gpl(), Optional.empty());
    }

    private SelectedEncoder selectAutomatically() {
        for (String candidate : AUTO_PREFERENCE) {
            if (capabilities.hasVideoEncoder(candidate) && openTest.opens(candidate)) {
                return new SelectedEncoder(candidate, capabilities.gpl(), Optional.empty());
            }
        }
        if (capabilities.hasVideoEncoder(LIBX264)) {
            return new SelectedEncoder(LIBX264, capabilities.gpl(),
                    Optional.of("this FFmpeg build is GPL (--enable-gpl); using libx264"));
        }
        throw new EncoderConfigurationException("No usable H.264 encoder: none of " + String.join(", ", AUTO_PREFERENCE)
                + " is present and opens, and libx264 is not in this build (H.264 encoders present: " + presentOrNone()
                + "). Install an FFmpeg build with libopenh264 (LGPL) or libx264 (GPL).");
    }

    private List<String> presentH264() {
        return KNOWN_H264_ENCODERS.stream().filter(capabilities::hasVideoEncoder).toList();
    }

    private String presentOrNone() {
        List<String> present = presentH264();
        return present.isEmpty() ? "none" : String.join(", ", present);
    }

    private String presentSuffix() {
        List<String> present = presentH264();
        return present.isEmpty() ? "" : " present in this build (" + String.join(", ", present) + ")";
    }
}
