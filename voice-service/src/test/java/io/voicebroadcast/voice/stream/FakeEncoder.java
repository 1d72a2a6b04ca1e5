package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.RoomEncoder;
import java.io.IOException;

/** An encoder the test drives: it flows, writes, stalls and ends when told. */
final class FakeEncoder implements RoomEncoder {

    private final IOException startFailure;
    private Runnable onExit;
    private boolean running;
    boolean started;
    boolean stopped;
    boolean killed;
    boolean flowing;
    boolean wroteOutput;
    long lastOutputGrowthNanos;
    private String errorTail = "";

    FakeEncoder(IOException startFailure) {
        this.startFailure = startFailure;
    }

    @Override
    public void start(Runnable onExit) throws IOException {
        if (startFailure != null) {
            throw startFailure;
        }
        this.onExit = onExit;
        started = true;
        running = true;
    }

    /** FFmpeg connected for audio, its output growing from {@code nowNanos}. */
    FakeEncoder flows(long nowNanos) {
        flowing = true;
        lastOutputGrowthNanos = nowNanos;
        return this;
    }

    /** It ends by itself, having printed {@code stderr} (its last line is the last error). */
    void exits(String stderr) {
        if (!running) {
            return;
        }
        running = false;
        flowing = false;
        errorTail = stderr;
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
    public String lastError() {
        String[] lines = errorTail.split("\n");
        return lines[lines.length - 1];
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
    public long pid() {
        return running ? 4242 : -1;
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

    @Override
    public void video(byte[] frame) {
    }

    @Override
    public void audio(short[] chunk) {
    }
}
