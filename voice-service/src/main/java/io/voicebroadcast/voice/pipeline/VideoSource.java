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

    /** Whether the source delivered a frame within {@code thresholdNanos} of {@code nowNanos}. */
    boolean isDelivering(long nowNanos, long thresholdNanos);

    /** Why the source is not delivering, masked, or null. */
    default String problem() {
        return null;
    }

    @Override
    void close();
}
