package io.voicebroadcast.gamesession.broadcast;

/**
 * A request needed the voice service and it failed (no answer or 5xx); the orchestrator keeps
 * retrying in the background. The message is masked.
 */
public final class VoiceUnavailableException extends RuntimeException {

    private final BroadcastError error;

    public VoiceUnavailableException(String message, BroadcastError error) {
        super(message);
        this.error = error;
    }

    public BroadcastError error() {
        return error;
    }
}
