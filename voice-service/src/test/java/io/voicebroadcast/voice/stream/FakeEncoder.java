package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.RoomEncoder;
import java.io.IOException;

/** An encoder the test drives: it flows, writes, stalls and ends when told. */
final class FakeEncoder extends FakeChild implements RoomEncoder {

    private final IOException startFailure;
    private Runnable onExit;
    boolean flowing;
    boolean wroteOutput;
    long lastOutputGrowthNanos;

    FakeEncoder(IOException startFailure) {
        super(4242);
        this.startFailure = startFailure;
    }

    @Override
    public void start(Runnable onExit) throws IOException {
        if (startFailure != null) {
            throw startFailure;
        }
        this.onExit = onExit;
        begin();
    }

    /** FFmpeg connected for audio, its output growing from {@code nowNanos}. */
    FakeEncoder flows(long nowNanos) {
        flowing = true;
        lastOutputGrowthNanos = nowNanos;
        return this;
    }

    @Override
    void ended() {
        flowing = false;
        onExit.run();
    }

    @Override
    public boolean isFlowing() {
        return flowing;
    }

    @Override
    public long lastOutputGrowthNanos() {
        return lastOutputGrowthNanos;
    }

    @Override
    public boolean hasOutput() {
        return wroteOutput;
    }

    @Override
    public double speed() {
        return 1.0;
    }

    @Override
    public double fps() {
        return 30.0;
    }

    @Override
    public long slowForNanos(long nowNanos) {
        return 0;
    }

    @Override
    public long droppedFrames() {
        return 0;
    }

    @Override
    public void video(byte[] frame) {
    }

    @Override
    public void audio(short[] chunk) {
    }
}
