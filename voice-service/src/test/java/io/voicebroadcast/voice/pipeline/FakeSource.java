package io.voicebroadcast.voice.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/** A source the test drives by hand: it delivers a frame when told, at the time it is told. */
final class FakeSource implements VideoSource {

    private final SourceKind kind;
    private final byte[] frame;
    private volatile byte[] next;
    private volatile long lastFrameNanos = Long.MIN_VALUE;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeSource(SourceKind kind, int marker) {
        this.kind = kind;
        this.frame = new byte[] {(byte) marker};
    }

    FakeSource deliverAt(long nanos) {
        next = frame;
        lastFrameNanos = nanos;
        return this;
    }

    byte[] frame() {
        return frame;
    }

    @Override
    public SourceKind kind() {
        return kind;
    }

    @Override
    public String description() {
        return "fake " + kind;
    }

    @Override
    public byte[] poll() {
        byte[] f = next;
        next = null;
        return f;
    }

    @Override
    public byte[] lastFrame() {
        return lastFrameNanos == Long.MIN_VALUE ? null : frame;
    }

    @Override
    public boolean isDelivering(long nowNanos, long thresholdNanos) {
        return lastFrameNanos != Long.MIN_VALUE && nowNanos - lastFrameNanos <= thresholdNanos;
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
