package io.voicebroadcast.voice.stream;

/** HTTP 409: the room is already streaming. The message is masked and shown to the caller. */
public class StreamAlreadyActiveException extends RuntimeException {

    public StreamAlreadyActiveException(String maskedMessage) {
        super(maskedMessage);
    }
}
