package io.voicebroadcast.voice.room;

/** A room request that breaks a rule (HTTP 400). */
public class InvalidRoomException extends IllegalArgumentException {

    public InvalidRoomException(String message) {
        super(message);
    }
}
