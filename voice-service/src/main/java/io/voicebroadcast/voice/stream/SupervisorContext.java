package io.voicebroadcast.voice.stream;

import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * What every supervisor of a room's FFmpeg children (the encoder, each destination's publisher)
 * takes from the room besides its own settings.
 *
 * @param roomTag   the room, as the logs name it
 * @param masker    masks what a child that cannot start says
 * @param scheduler where waiting (backoff, a listener's call) goes, so that a test drives it
 * @param nanoTime  the clock time is read from, so that a test drives it
 * @param metrics   where restarts and reconnects are counted
 */
record SupervisorContext(String roomTag, UnaryOperator<String> masker, Scheduler scheduler, LongSupplier nanoTime,
                         StreamMetrics metrics) {

    long now() {
        return nanoTime.getAsLong();
    }

    String mask(String text) {
        return masker.apply(text);
    }
}
