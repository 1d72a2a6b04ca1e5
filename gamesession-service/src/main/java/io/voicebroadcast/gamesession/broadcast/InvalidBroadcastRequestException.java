package io.voicebroadcast.gamesession.broadcast;

/** The request cannot apply to the broadcast as it is. The message is safe to show (no URL in it). */
public final class InvalidBroadcastRequestException extends RuntimeException {

    public InvalidBroadcastRequestException(String message) {
        super(message);
    }
}
