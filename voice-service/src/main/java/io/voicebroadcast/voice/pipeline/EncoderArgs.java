package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.audio.AudioFormat;
import java.util.ArrayList;
import java.util.List;

/** Builds the argv of a room's one long-lived encoder. */
public final class EncoderArgs {

    private EncoderArgs() {
    }

    /**
     * Input 0 is the room audio (s16le over loopback TCP, connected first so that audio and video
     * start at the same tick); input 1 is raw video on stdin. Raw inputs carry no timestamps, so
     * the encoder numbers frames and samples itself and a source switch cannot make a jump. The
     * output is FLV on stdout, the room's program that the publishers copy to each destination.
     */
    public static List<String> build(EncoderSettings s, int audioPort) {
        VideoFormat f = s.format();
        List<String> a = new ArrayList<>(List.of(s.ffmpegPath(), "-hide_banner", "-nostdin",
                "-loglevel", "warning", "-nostats", "-stats_period", "1", "-progress", "pipe:2",
                // Both inputs are raw with every parameter given: no probing. With FFmpeg's default
                // probe the encoder reads about a second of live audio before it starts, and the
                // first output frame comes 1.5 s after the start instead of 0.4 s (the benchmark).
                "-protocol_whitelist", "tcp", "-probesize", "32", "-analyzeduration", "100000",
                "-f", "s16le", "-ar", Integer.toString(AudioFormat.SAMPLE_RATE), "-ch_layout", "stereo",
                "-thread_queue_size", "1024",
                "-i", "tcp://127.0.0.1:" + audioPort,
                "-protocol_whitelist", "pipe", "-probesize", "32", "-analyzeduration", "100000",
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", f.size(), "-framerate", Integer.toString(f.fps()),
                "-thread_queue_size", "8",
                "-i", "pipe:0",
                "-map", "1:v:0", "-map", "0:a:0"));
        a.addAll(s.videoCodecArgs());
        a.addAll(List.of("-c:a", "aac", "-b:a", s.audioBitrate(),
                "-ar", Integer.toString(AudioFormat.SAMPLE_RATE), "-ac", Integer.toString(AudioFormat.CHANNELS),
                "-protocol_whitelist", "pipe",
                // one tag at a time as it is made, not in 32 KiB blocks: a publisher gets each frame at once
                "-flush_packets", "1",
                "-f", "flv", "-flvflags", "no_duration_filesize", "pipe:1"));
        return a;
    }
}
