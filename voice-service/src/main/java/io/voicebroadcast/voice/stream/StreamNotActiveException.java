package io.voicebroadcast.voice.stream;

/** HTTP 404: the room is not streaming. The message is masked and shown to the caller. */
public class StreamNotActiveException extends RuntimeException {

    public StreamNotActiveException(String maskedMessage) {
        super(maskedMessage);
    }
}
