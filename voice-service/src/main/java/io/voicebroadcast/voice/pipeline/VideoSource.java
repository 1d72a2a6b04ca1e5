package io.voicebroadcast.voice.pipeline;

/** A source of raw frames in the room's {@link VideoFormat}, one rung of the cascade. */
public interface VideoSource extends AutoCloseable {

    SourceKind kind();

    /** Masked, safe to log and return. */
    String description();

    /** The next new frame, or null when none arrived since the last call. Never blocks. */
    byte[] poll();

    /** The newest frame this source has delivered, or null if none yet. */
    byte[] lastFrame();

    /** What the source is doing at {@code nowNanos}, by its own rule of when it is lost and back. */
    SourceState state(long nowNanos);

    @Override
    void close();
}
