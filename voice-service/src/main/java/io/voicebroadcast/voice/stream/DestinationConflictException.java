package io.voicebroadcast.voice.stream;

/** A destination clashes with the broadcast's: its id or URL is taken, it is the last one, or there is no room (409). */
public final class DestinationConflictException extends RuntimeException {

    public DestinationConflictException(String message) {
        super(message);
    }
}
