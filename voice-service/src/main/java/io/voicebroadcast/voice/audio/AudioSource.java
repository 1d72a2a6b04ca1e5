package io.voicebroadcast.voice.audio;

/**
 * The room's audio as the frame clock sees it: every 20 ms the clock asks for one chunk.
 * Implementations never block; when nothing arrived they fill silence.
 */
public interface AudioSource extends AutoCloseable {

    /**
     * Fills {@code chunk} ({@link AudioFormat#CHUNK_VALUES} interleaved stereo samples at 48 kHz)
     * with the next 20 ms of audio, or zeros when none is available.
     *
     * @return true when real audio was delivered, false when the chunk is silence for lack of input
     */
    boolean read(short[] chunk);

    @Override
    void close();
}
