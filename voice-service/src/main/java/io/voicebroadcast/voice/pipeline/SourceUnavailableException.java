package io.voicebroadcast.voice.pipeline;

/** A source that cannot be used; its message is masked and safe to log and return. */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String maskedMessage) {
        super(maskedMessage);
    }
}
