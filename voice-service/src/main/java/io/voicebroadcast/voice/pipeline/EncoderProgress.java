package io.voicebroadcast.voice.pipeline;

/**
 * One block of FFmpeg's {@code -progress} output.
 *
 * @param totalSize bytes written to the output so far
 * @param speed     encoding speed relative to real time (1.0 = keeping up), or 0 if unknown
 */
public record EncoderProgress(long frame, double fps, double speed, long totalSize, long dropFrames, long dupFrames,
                              double bitrateKbps, long outTimeMicros) {

    public static final EncoderProgress NONE = new EncoderProgress(0, 0, 0, 0, 0, 0, 0, 0);
}
