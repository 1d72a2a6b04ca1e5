package io.voicebroadcast.voice.stream;

/** HTTP 503: streaming is disabled on this node. The message is masked and shown to the caller. */
public class StreamingDisabledException extends RuntimeException {

    public StreamingDisabledException(String maskedMessage) {
        super(maskedMessage);
    }
}
