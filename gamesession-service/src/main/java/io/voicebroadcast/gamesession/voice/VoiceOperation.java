package io.voicebroadcast.gamesession.voice;

/** The voice service's operations this service calls; names as shown in status and logs. */
public enum VoiceOperation {
    CREATE_ROOM("createRoom"),
    DELETE_ROOM("deleteRoom"),
    START("start"),
    UPDATE("update"),
    ADD_DESTINATION("addDestination"),
    REMOVE_DESTINATION("removeDestination"),
    LAYOUT("layout"),
    STOP("stop"),
    STATUS("status");

    private final String label;

    VoiceOperation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
