package io.voicebroadcast.voice.pipeline;

import java.util.Arrays;

/** A picture held in memory (the fallback image once decoded, or black): always delivering once set. */
public final class StillSource implements VideoSource {

    private final SourceKind kind;
    private final String description;
    private volatile byte[] frame;
    private volatile String problem;

    public StillSource(SourceKind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    /** Black in limited-range yuv420p: Y=16, U=V=128. */
    public static StillSource black(VideoFormat format) {
        StillSource s = new StillSource(SourceKind.BLACK, "black");
        s.set(blackFrame(format));
        return s;
    }

    public static byte[] blackFrame(VideoFormat format) {
        byte[] f = new byte[format.frameBytes()];
        int luma = format.width() * format.height();
        Arrays.fill(f, 0, luma, (byte) 16);
        Arrays.fill(f, luma, f.length, (byte) 128);
        return f;
    }

    public void set(byte[] frame) {
        this.frame = frame;
        this.problem = null;
    }

    public void fail(String maskedProblem) {
        this.problem = maskedProblem;
    }

    @Override
    public SourceKind kind() {
        return kind;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public byte[] poll() {
        return null;
    }

    @Override
    public byte[] lastFrame() {
        return frame;
    }

    @Override
    public boolean isDelivering(long nowNanos, long thresholdNanos) {
        return frame != null;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        frame = null;
    }
}
