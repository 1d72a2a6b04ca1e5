package io.voicebroadcast.voice.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Builds the argv of a destination's publisher: the room's program (FLV on stdin), copied to one destination. */
public final class PublisherArgs {

    private PublisherArgs() {
    }

    /**
     * The input is the program's FLV, which starts with everything a reader needs (onMetaData and
     * both sequence headers before the first keyframe): no probing beyond it. With FFmpeg's
     * default a publisher waits about 1.2 s (40 frames) to estimate a frame rate the metadata
     * already gives. Nothing is decoded or encoded: {@code -c copy}.
     *
     * @param opening how this start opens the output ({@link OutputTarget#open()})
     */
    public static List<String> build(String ffmpegPath, OutputTarget output, Opening opening) {
        List<String> a = new ArrayList<>(List.of(ffmpegPath, "-hide_banner", "-nostdin",
                "-loglevel", "warning", "-nostats", "-stats_period", "0.5", "-progress", "pipe:2",
                "-protocol_whitelist", "pipe", "-fpsprobesize", "0", "-analyzeduration", "0",
                "-f", "flv", "-i", "pipe:0",
                // the picture and the sound, nothing else FFmpeg may find in the FLV (a text stream would hold the muxer)
                "-map", "0:v", "-map", "0:a", "-c", "copy"));
        if (output.protocolWhitelist().contains("tls")) {
            // FFmpeg 5.1 does not check the RTMPS server's certificate unless told to.
            a.addAll(List.of("-tls_verify", "1"));
        }
        a.addAll(List.of("-protocol_whitelist", output.protocolWhitelist()));
        a.addAll(opening.options());
        a.addAll(List.of("-f", output.muxer()));
        if (output.muxer().equals("flv")) {
            a.addAll(List.of("-flvflags", "no_duration_filesize"));
        }
        a.add(opening.location());
        return a;
    }
}
