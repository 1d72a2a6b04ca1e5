package io.voicebroadcast.voice.stream;

/**
 * Where a room's encoder is in its life, as its {@link EncoderSupervisor} keeps it. Starting and
 * Running are one run of the encoder; Restarting is the gap between two; Failed and Stopped end
 * the broadcast's encoding for good.
 */
public sealed interface EncoderState {

    EncoderState STARTING = new Starting();
    EncoderState STOPPED = new Stopped();

    /** Launched; FFmpeg has not connected for the room's audio yet. */
    record Starting() implements EncoderState {
    }

    /** Encoding and publishing; launched at {@code sinceNanos}. */
    record Running(long sinceNanos) implements EncoderState {
    }

    /** It ended ({@code cause}, masked); restart number {@code attempt} starts at {@code atNanos}. */
    record Restarting(int attempt, String cause, long atNanos) implements EncoderState {
    }

    /** It cannot go on ({@code reason}, masked): the broadcast stops with reason error. */
    record Failed(String reason) implements EncoderState {
    }

    /** Stopped with the broadcast. */
    record Stopped() implements EncoderState {
    }
}
