package io.voicebroadcast.voice.stream;

/** HTTP 503: the broadcast has no picture yet (its clock did not tick in time). The message is shown to the caller. */
public class PreviewUnavailableException extends RuntimeException {

    public PreviewUnavailableException(String message) {
        super(message);
    }
}
