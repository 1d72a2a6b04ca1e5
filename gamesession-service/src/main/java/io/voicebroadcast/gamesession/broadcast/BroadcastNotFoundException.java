package io.voicebroadcast.gamesession.broadcast;

/** No broadcast is configured for a session (or its stop is under way). The message is safe to show (no URL in it). */
public final class BroadcastNotFoundException extends RuntimeException {

    public BroadcastNotFoundException(String message) {
        super(message);
    }
}
