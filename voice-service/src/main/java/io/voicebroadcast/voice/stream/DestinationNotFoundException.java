package io.voicebroadcast.voice.stream;

/** The broadcast has no destination of that id (404). */
public final class DestinationNotFoundException extends RuntimeException {

    public DestinationNotFoundException(String message) {
        super(message);
    }
}
