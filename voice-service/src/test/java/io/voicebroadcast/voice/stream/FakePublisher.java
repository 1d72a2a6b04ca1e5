package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.Publisher;
import java.io.IOException;

/** A publisher the test drives: it goes live, is fed, stalls and ends when told. */
final class FakePublisher extends FakeChild implements Publisher {

    final OutputTarget target;
    private final RuntimeException startFailure;
    private Listener listener;
    boolean published;
    long bytes;
    long lastOutputGrowthNanos;
    long lastFedNanos;
    long skips;

    FakePublisher(OutputTarget target, RuntimeException startFailure) {
        super(4343);
        this.target = target;
        this.startFailure = startFailure;
    }

    @Override
    public void start(Listener l) throws IOException {
        if (startFailure instanceof EgressException e) {
            throw e;
        }
        if (startFailure != null) {
            throw new IOException(startFailure.getMessage());
        }
        this.listener = l;
        begin();
    }

    /** The destination took the publish at {@code nowNanos}: its output grows. */
    FakePublisher goesLive(long nowNanos, long sent) {
        published = true;
        bytes = sent;
        lastOutputGrowthNanos = nowNanos;
        lastFedNanos = nowNanos;
        listener.live();
        return this;
    }

    @Override
    void ended() {
        listener.exited();
    }

    @Override
    public boolean hasPublished() {
        return published;
    }

    @Override
    public long bytesSent() {
        return bytes;
    }

    @Override
    public double bitrateKbps() {
        return running() ? 2628.0 : 0;
    }

    @Override
    public long lastOutputGrowthNanos() {
        return lastOutputGrowthNanos;
    }

    @Override
    public long lastFedNanos() {
        return lastFedNanos;
    }

    @Override
    public long skips() {
        return skips;
    }

    @Override
    public String errorTail() {
        return errorTail;
    }
}
