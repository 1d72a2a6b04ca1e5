package io.voicebroadcast.voice.pipeline;

import java.io.IOException;

/**
 * One run of a room's encoder as its supervisor sees it: started once, fed by the frame clock,
 * writing the room's program, and
 * ended by {@link #stop()}, by {@link #kill()} or by itself. {@link EncoderProcess} is the real one.
 */
public interface RoomEncoder extends FrameClock.Output {

    /** Starts it; {@code onExit} is told, on any thread, when it ends without {@link #stop()}. */
    void start(Runnable onExit) throws IOException;

    /** Its process is alive and takes the room's audio and video. */
    boolean isFlowing();

    /** When its output last grew (nanoTime); its start until it first does. */
    long lastOutputGrowthNanos();

    /** Whether it wrote any of the program yet. */
    boolean hasOutput();

    /** Its last log line (masked), or empty. */
    String lastError();

    /** Encoding speed over the last progress interval (1.0 = real time). */
    double speed();

    /** Frames per second encoded over the last progress interval. */
    double fps();

    /** How long its speed has been below {@link EncoderProcess#SLOW_SPEED} at {@code nowNanos}, 0 if it is not. */
    long slowForNanos(long nowNanos);

    /** Frames lost so far: ticks it could not take in time, and those FFmpeg dropped. */
    long droppedFrames();

    long pid();

    /** Ends it at once (a stalled encoder); its exit is reported as any other. */
    void kill();

    /** Ends it cleanly; its exit is not reported. */
    void stop();
}
