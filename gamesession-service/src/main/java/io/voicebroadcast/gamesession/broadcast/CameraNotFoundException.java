package io.voicebroadcast.gamesession.broadcast;

/** The camera is not known as a camera of the session. The message is safe to show (no URL in it). */
public final class CameraNotFoundException extends RuntimeException {

    public CameraNotFoundException(String message) {
        super(message);
    }
}
