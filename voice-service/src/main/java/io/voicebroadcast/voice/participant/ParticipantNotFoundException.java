package io.voicebroadcast.voice.participant;

/** No such participant in the room (HTTP 404). */
public class ParticipantNotFoundException extends RuntimeException {

    public ParticipantNotFoundException(String message) {
        super(message);
    }
}
