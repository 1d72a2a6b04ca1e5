package io.voicebroadcast.voice.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Builds the argv of a decoder: any input normalised to the room's raw yuv420p on stdout. */
public final class DecoderArgs {

    private DecoderArgs() {
    }

    /** @param opening how this start opens the input ({@link MediaInput#open()}) */
    public static List<String> build(String ffmpeg, MediaInput input, Opening opening, VideoFormat format, long rwTimeoutMillis) {
        List<String> a = inputOptions(ffmpeg, "warning", input, rwTimeoutMillis);
        if (input.live()) {
            // A camera is decoded as it arrives: a short probe (the FLV sequence header names the
            // codec). Never -fflags nobuffer: it throws away the packets read while probing, the
            // first keyframe among them, so the picture waits for the next one (a whole GOP later;
            // measured by the benchmark's camera switch).
            a.addAll(List.of("-flags", "low_delay", "-probesize", "500000", "-analyzeduration", "100000"));
        } else {
            // A video file is a looped background, paced at its own rate.
            a.addAll(List.of("-re", "-stream_loop", "-1"));
        }
        // a decode (and its filters) sized to the room's format, not to the machine (VideoFormat#codecThreads)
        String threads = Integer.toString(format.codecThreads());
        a.addAll(List.of("-threads", threads, "-filter_threads", threads));
        a.addAll(opening.options());
        a.addAll(List.of("-i", opening.location(),
                "-map", "0:v:0", "-an", "-sn", "-dn",
                "-vf", input.live() ? continuousTimeline(format) + "," + normaliseFilter(format) : normaliseFilter(format),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"));
        return a;
    }

    /**
     * What every FFmpeg that reads one of our inputs starts with: quiet, no keyboard, the input's
     * protocol whitelist, a read timeout for network inputs and verified TLS.
     */
    static List<String> inputOptions(String ffmpeg, String logLevel, MediaInput input, long rwTimeoutMillis) {
        List<String> a = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", logLevel,
                "-protocol_whitelist", input.protocolWhitelist()));
        if (input.isNetwork()) {
            // -rw_timeout (microseconds) ends a stalled read; RTMP's own -timeout would mean "listen".
            a.addAll(List.of("-rw_timeout", Long.toString(rwTimeoutMillis * 1000)));
        }
        if (input.protocolWhitelist().contains("tls")) {
            // FFmpeg 5.1 does not check TLS certificates unless told to.
            a.addAll(List.of("-tls_verify", "1"));
        }
        return a;
    }

    /**
     * A live input's timeline made continuous before the fps filter: each frame moves on by its
     * distance from the previous one, and a step back or of more than a second forward counts as
     * one frame. A camera's timestamps start again when its publisher reconnects to the RTMP server
     * while this decoder stays connected (a restart within the read timeout: nginx keeps idle
     * players); the fps filter would drop every frame of the new session until its timestamps
     * passed the old ones, so a camera that had streamed for an hour stayed off air for an hour
     * (the bench's soak found it). A steady stream keeps its own timeline, unchanged.
     */
    static String continuousTimeline(VideoFormat f) {
        return "setpts='if(isnan(PREV_OUTPTS),PTS,PREV_OUTPTS+if(between(PTS-PREV_INPTS,0,1/TB),PTS-PREV_INPTS,1/(%d*TB)))'"
                .formatted(f.fps());
    }

    /** Scale into the frame keeping the aspect ratio, pad with black, fixed fps, yuv420p. */
    public static String normaliseFilter(VideoFormat f) {
        return "scale=%1$d:%2$d:force_original_aspect_ratio=decrease,pad=%1$d:%2$d:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=%3$d,format=yuv420p"
                .formatted(f.width(), f.height(), f.fps());
    }
}
