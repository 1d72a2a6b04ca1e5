package io.voicebroadcast.voice.pipeline;

import java.util.Arrays;

/**
 * A picture held in memory (the fallback image once decoded, or black): Starting until it is set
 * (with the reason if it cannot be), then always Delivering: a picture in memory is never lost.
 */
public final class StillSource implements VideoSource {

    private final SourceKind kind;
    private final String description;
    private volatile byte[] frame;
    private volatile SourceState state = SourceState.STARTING;

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

    public synchronized void set(byte[] frame) {
        if (state instanceof SourceState.Closed) {
            return; // retired while it loaded
        }
        this.frame = frame;
        this.state = SourceState.DELIVERING;
    }

    public synchronized void fail(String maskedProblem) {
        if (state instanceof SourceState.Starting) {
            this.state = new SourceState.Starting(maskedProblem);
        }
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
    public SourceState state(long nowNanos) {
        return state;
    }

    @Override
    public synchronized void close() {
        state = SourceState.CLOSED;
        frame = null;
    }
}
