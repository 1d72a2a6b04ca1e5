package io.voicebroadcast.voice.rtpengine;

/** No reply with our cookie after every attempt: RTPEngine is down, overloaded or unreachable. */
public final class NgTimeoutException extends NgException {

    private final int attempts;

    public NgTimeoutException(String command, String message, int attempts) {
        super(command, message, null);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
