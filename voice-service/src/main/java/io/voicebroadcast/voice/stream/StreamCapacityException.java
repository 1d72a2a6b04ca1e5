package io.voicebroadcast.voice.stream;

/** HTTP 503: the node is at its stream limit, or out of audio ports. The message is masked and shown to the caller. */
public class StreamCapacityException extends RuntimeException {

    public StreamCapacityException(String maskedMessage) {
        super(maskedMessage);
    }
}
