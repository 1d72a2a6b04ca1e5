package io.voicebroadcast.voice.audio;

/**
 * The one raw audio format between the room's audio and the encoder: 48 kHz, stereo,
 * signed 16-bit little-endian, delivered in 20 ms chunks.
 */
public final class AudioFormat {

    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final int CHUNK_MILLIS = 20;
    /** Samples per channel in one chunk. */
    public static final int CHUNK_SAMPLES = SAMPLE_RATE * CHUNK_MILLIS / 1000;
    /** Interleaved samples (all channels) in one chunk. */
    public static final int CHUNK_VALUES = CHUNK_SAMPLES * CHANNELS;
    /** Bytes of one chunk as s16le. */
    public static final int CHUNK_BYTES = CHUNK_VALUES * 2;
    public static final long CHUNK_NANOS = CHUNK_MILLIS * 1_000_000L;

    private AudioFormat() {
    }
}
