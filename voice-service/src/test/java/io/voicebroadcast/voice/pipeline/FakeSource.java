package io.voicebroadcast.voice.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A source the test drives by hand: it delivers a frame when told, at the time it is told; its
 * state is kept as a stream source's is ({@link SourceLiveness}).
 */
final class FakeSource implements VideoSource {

    /** The loss rule of a fake made without one: lost after 1 s, back on its first frame. */
    static final LossRule RULE = new LossRule(Duration.ofSeconds(1), Duration.ZERO);

    private final SourceKind kind;
    private final byte[] frame;
    private final SourceLiveness liveness;
    private volatile byte[] next;
    private volatile boolean delivered;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeSource(SourceKind kind, int marker) {
        this(kind, marker, RULE);
    }

    FakeSource(SourceKind kind, int marker, LossRule rule) {
        this(kind, new byte[] {(byte) marker}, rule);
    }

    /** A source of this one frame (e.g. a whole picture of one colour). */
    FakeSource(SourceKind kind, byte[] frame, LossRule rule) {
        this.kind = kind;
        this.frame = frame;
        this.liveness = new SourceLiveness(rule);
    }

    FakeSource deliverAt(long nanos) {
        next = frame;
        delivered = true;
        liveness.frame(nanos, false);
        return this;
    }

    /** Delivers a frame every {@code stepNanos} from {@code fromNanos} up to and including {@code toNanos}. */
    FakeSource deliverEvery(long stepNanos, long fromNanos, long toNanos) {
        for (long t = fromNanos; t <= toNanos; t += stepNanos) {
            deliverAt(t);
        }
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
        return delivered ? frame : null;
    }

    @Override
    public SourceState state(long nowNanos) {
        return liveness.state(nowNanos, null);
    }

    @Override
    public void close() {
        closed.set(true);
        liveness.close();
    }
}
