package io.voicebroadcast.gamesession.voice;

/** How a call to the voice service failed, which decides whether a retry can help. */
public enum VoiceFailure {
    /** No answer: connection refused or reset, a timeout. Retried. */
    UNREACHABLE(true),
    /** A 5xx answer. Retried. */
    SERVER_ERROR(true),
    /** A 4xx answer: the request itself is wrong for the voice service's state. Never retried. */
    REJECTED(false),
    /** A 2xx answer this client cannot read: a contract mismatch that a retry does not mend. */
    UNREADABLE(false);

    private final boolean retryable;

    VoiceFailure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
