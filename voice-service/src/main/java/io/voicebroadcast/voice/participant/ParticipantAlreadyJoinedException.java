package io.voicebroadcast.voice.participant;

/** The participant already publishes into the room's call (HTTP 409). */
public class ParticipantAlreadyJoinedException extends RuntimeException {

    public ParticipantAlreadyJoinedException(String message) {
        super(message);
    }
}
