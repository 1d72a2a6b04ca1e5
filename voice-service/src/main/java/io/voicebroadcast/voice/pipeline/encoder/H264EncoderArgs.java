package io.voicebroadcast.voice.pipeline.encoder;

import io.voicebroadcast.voice.pipeline.VideoFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * FFmpeg output options for H.264 as RTMP platforms want it: constant rate, a keyframe every
 * {@code keyframeSeconds} (Twitch: 2 s) and never in between, 4:2:0, no B-frame reordering delay
 * where the encoder allows. The same list is used for the real broadcast and for the open test,
 * so an encoder that passes the test accepts exactly these options.
 */
public final class H264EncoderArgs {

    private static final Pattern BITRATE = Pattern.compile("^[0-9]+[kM]$");
    /** The usual render node; a machine with several GPUs would make this a setting. */
    static final String VAAPI_DEVICE = "/dev/dri/renderD128";

    private H264EncoderArgs() {
    }

    /**
     * @param encoder         an FFmpeg H.264 encoder name
     * @param bitrate         e.g. {@code 2500k} or {@code 6M}
     * @param keyframeSeconds distance between keyframes in seconds
     */
    public static List<String> videoArgs(String encoder, VideoFormat fmt, String bitrate, int keyframeSeconds) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(fmt, "fmt");
        if (bitrate == null || !BITRATE.matcher(bitrate).matches()) {
            throw new IllegalArgumentException("video bitrate must look like 2500k or 6M, got " + bitrate);
        }
        if (keyframeSeconds < 1 || keyframeSeconds > 10) {
            throw new IllegalArgumentException("keyframe interval must be 1..10 s, got " + keyframeSeconds);
        }
        String gop = Integer.toString(fmt.fps() * keyframeSeconds);
        List<String> args = new ArrayList<>(List.of("-c:v", encoder));
        args.addAll(encoderSpecific(encoder));
        if (encoder.equals("libx264") || encoder.equals("libopenh264")) {
            // software encoding sized to the room's format, not to the machine (VideoFormat#codecThreads)
            args.addAll(List.of("-threads", Integer.toString(fmt.codecThreads())));
        }
        args.addAll(List.of(
                // b:v = maxrate with a 2x buffer: the rate platforms call CBR.
                "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", doubled(bitrate),
                // A fixed GOP: keyframes exactly every keyframeSeconds, so viewers can join on time.
                "-g", gop, "-keyint_min", gop));
        return List.copyOf(args);
    }

    private static List<String> encoderSpecific(String encoder) {
        return switch (encoder) {
            // sc_threshold 0: no extra keyframes at scene cuts; nal-hrd=cbr pads to a real CBR.
            case "libx264" -> List.of("-pix_fmt", "yuv420p", "-profile:v", "high",
                    "-preset", "veryfast", "-tune", "zerolatency", "-sc_threshold", "0",
                    "-x264-params", "nal-hrd=cbr");
            // rc_mode bitrate follows b:v; skipping frames would stall the picture instead of lowering quality.
            case "libopenh264" -> List.of("-pix_fmt", "yuv420p", "-profile:v", "high",
                    "-rc_mode", "bitrate", "-allow_skip_frames", "0");
            // p4/ll: low-latency tuning without B-frame delay; no-scenecut keeps the GOP fixed.
            case "h264_nvenc" -> List.of("-pix_fmt", "yuv420p", "-profile:v", "high",
                    "-preset", "p4", "-tune", "ll", "-rc", "cbr", "-no-scenecut", "1", "-bf", "0");
            // VAAPI encodes only GPU surfaces: convert our yuv420p to nv12 and upload it to a device
            // opened here (global options; FFmpeg 5.1 accepts them anywhere on the command line).
            case "h264_vaapi" -> List.of("-init_hw_device", "vaapi=va:" + VAAPI_DEVICE, "-filter_hw_device", "va",
                    "-vf", "format=nv12,hwupload", "-profile:v", "high", "-rc_mode", "CBR", "-bf", "0");
            // QSV accepts nv12 frames from system memory and uploads them itself; b:v = maxrate selects CBR.
            case "h264_qsv" -> List.of("-vf", "format=nv12", "-profile:v", "high", "-preset", "veryfast",
                    "-look_ahead", "0", "-bf", "0");
            case "h264_amf" -> List.of("-pix_fmt", "yuv420p", "-profile:v", "high", "-usage", "lowlatency",
                    "-rc", "cbr", "-bf", "0");
            // v4l2m2m and the rest: only the generic options, which every libavcodec encoder honours.
            default -> List.of("-pix_fmt", "yuv420p");
        };
    }

    private static String doubled(String bitrate) {
        long value = Long.parseLong(bitrate.substring(0, bitrate.length() - 1));
        return (value * 2) + bitrate.substring(bitrate.length() - 1);
    }
}
