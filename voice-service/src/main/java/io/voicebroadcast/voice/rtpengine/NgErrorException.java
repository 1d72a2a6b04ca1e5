package io.voicebroadcast.voice.rtpengine;

/** RTPEngine answered {@code result: error}; {@link #errorReason()} is its {@code error-reason}. */
public final class NgErrorException extends NgException {

    private final String errorReason;

    public NgErrorException(String command, String errorReason) {
        super(command, "RTPEngine rejected '" + command + "': " + errorReason, null);
        this.errorReason = errorReason;
    }

    public String errorReason() {
        return errorReason;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
