package io.voicebroadcast.voice.pipeline;

import java.io.IOException;

/**
 * One run of a destination's publisher as its supervisor sees it: started once, fed the room's
 * program, and ended by {@link #stop()}, by {@link #kill()} or by itself.
 * {@link PublisherProcess} is the real one.
 */
public interface Publisher {

    /** What a run tells its supervisor, on any thread. */
    interface Listener {
        /** It published: the destination took the stream. Told once. */
        void live();

        /** It ended without {@link #stop()}. */
        void exited();
    }

    /**
     * Starts it.
     *
     * @throws EgressException when the destination's host may not be connected to now
     * @throws IOException     when FFmpeg cannot be started
     */
    void start(Listener listener) throws IOException;

    /** Whether its output ever grew: the destination took the publish. */
    boolean hasPublished();

    /** Bytes it has written to the destination. */
    long bytesSent();

    /** What it sent over the last few seconds, in kbit/s. */
    double bitrateKbps();

    /** When its output last grew (nanoTime); its start until it first does. */
    long lastOutputGrowthNanos();

    /** When the program last handed it a tag (nanoTime); 0 before the first. */
    long lastFedNanos();

    /** How often it fell too far behind and skipped to the next keyframe. */
    long skips();

    /** Its last log lines (masked, no progress output), for classifying why it ended. */
    String errorTail();

    /** Its last log line (masked), or empty. */
    String lastError();

    long pid();

    /** Ends it at once (a stalled destination); its exit is reported as any other. */
    void kill();

    /** Ends its publish session cleanly; its exit is not reported. */
    void stop();
}
