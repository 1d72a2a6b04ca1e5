package io.voicebroadcast.voice.room;

import java.util.UUID;

/** Rooms' broadcasts as the streaming side runs them. */
public interface RoomBroadcast {

    boolean isStreaming(UUID roomId);

    /** The room is about to go: its broadcast, if it has one, stops (reason room_closed). */
    void roomClosing(UUID roomId);
}
