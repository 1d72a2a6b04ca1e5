package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.Publisher;
import java.io.IOException;

/** A publisher the test drives: it goes live, is fed, stalls and ends when told. */
final class FakePublisher implements Publisher {

    final OutputTarget target;
    private final RuntimeException startFailure;
    private Listener listener;
    private boolean running;
    boolean started;
    boolean stopped;
    boolean killed;
    boolean published;
    long bytes;
    long lastOutputGrowthNanos;
    long lastFedNanos;
    long skips;
    private String errorTail = "";

    FakePublisher(OutputTarget target, RuntimeException startFailure) {
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
        started = true;
        running = true;
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

    /** It ends by itself, having printed {@code stderr} (its last line is the last error). */
    void exits(String stderr) {
        if (!running) {
            return;
        }
        running = false;
        errorTail = stderr;
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
        return running ? 2628.0 : 0;
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

    @Override
    public String lastError() {
        String[] lines = errorTail.split("\n");
        return lines[lines.length - 1];
    }

    @Override
    public long pid() {
        return running ? 4343 : -1;
    }

    /** As FFmpeg killed with SIGKILL: it ends, and says nothing. */
    @Override
    public void kill() {
        killed = true;
        exits("");
    }

    @Override
    public void stop() {
        stopped = true;
        running = false;
    }
}
