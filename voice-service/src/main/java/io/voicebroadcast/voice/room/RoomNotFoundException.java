package io.voicebroadcast.voice.room;

import java.util.UUID;

public class RoomNotFoundException extends RuntimeException {

    public RoomNotFoundException(UUID id) {
        super("Room " + id + " does not exist");
    }
}
