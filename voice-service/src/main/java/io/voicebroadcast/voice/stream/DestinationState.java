package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DestinationError;

/**
 * Where one destination is, as its {@link DestinationSupervisor} keeps it. Each state knows since
 * when (nanoTime). Connecting and Live are one run of its publisher; Reconnecting is the gap
 * between two; Failed and Removed end it for good.
 */
public sealed interface DestinationState {

    /** As the API and the events name it. */
    enum Name {
        CONNECTING, LIVE, RECONNECTING, FAILED, REMOVED
    }

    long sinceNanos();

    Name name();

    /** Its publisher started ({@code attempt} 0 is the first start) and has not published yet. */
    record Connecting(int attempt, long sinceNanos) implements DestinationState {
        @Override
        public Name name() {
            return Name.CONNECTING;
        }
    }

    /** Publishing. */
    record Live(long sinceNanos) implements DestinationState {
        @Override
        public Name name() {
            return Name.LIVE;
        }
    }

    /** Its publisher ended ({@code cause}, {@code message} masked); the next one starts at {@code atNanos}. */
    record Reconnecting(int attempt, DestinationError cause, String message, long sinceNanos, long atNanos)
            implements DestinationState {
        @Override
        public Name name() {
            return Name.RECONNECTING;
        }
    }

    /** It cannot go on ({@code reason}, masked): its publish was rejected too often in a row. */
    record Failed(DestinationError cause, String reason, long sinceNanos) implements DestinationState {
        @Override
        public Name name() {
            return Name.FAILED;
        }
    }

    /** Removed from the broadcast, or stopped with it. */
    record Removed(long sinceNanos) implements DestinationState {
        @Override
        public Name name() {
            return Name.REMOVED;
        }
    }
}
