package io.voicebroadcast.voice.rtpengine;

/** The ng address could not be reached: name not resolved, connection refused, port unreachable. */
public final class NgTransportException extends NgException {

    public NgTransportException(String command, String message, Throwable cause) {
        super(command, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
