package io.voicebroadcast.voice.room;

/** A room with what this node adds to it: how its voices arrive and whether it broadcasts now. */
public record RoomDetails(Room room, RoomAudioRouting routing, boolean streaming) {
}
