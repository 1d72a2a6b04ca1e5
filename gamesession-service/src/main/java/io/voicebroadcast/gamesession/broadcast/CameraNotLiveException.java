package io.voicebroadcast.gamesession.broadcast;

/** The camera has ended; only a live camera can be selected. The message is safe to show (no URL in it). */
public final class CameraNotLiveException extends RuntimeException {

    public CameraNotLiveException(String message) {
        super(message);
    }
}
