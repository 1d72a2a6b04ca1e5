package io.voicebroadcast.voice.room;

import java.util.UUID;

/**
 * Creating, reading and deleting rooms, with the steps each takes on this node's other sides:
 * a room's audio mode is checked before anything exists and recorded once the room does; a room
 * that goes stops its broadcast first (reason room_closed), then its participants are forgotten,
 * then it leaves the directory, so while it broadcasts it can always be found.
 * <p>
 * The streaming and participant sides read rooms, so this package cannot call them: each
 * implements a port here ({@link RoomBroadcast}, {@link RoomAudio}) and config/ wires them. Two
 * named ports rather than one list of lifecycle hooks: the order of the steps is written here,
 * once, instead of following the order of a wiring list, and the answers need a value from each
 * side (the routing, whether the room broadcasts).
 */
public final class Rooms {

    private final RoomDirectory directory;
    private final RoomAudio audio;
    private final RoomBroadcast broadcast;

    public Rooms(RoomDirectory directory, RoomAudio audio, RoomBroadcast broadcast) {
        this.directory = directory;
        this.audio = audio;
        this.broadcast = broadcast;
    }

    /** @throws InvalidRoomException when the node cannot give the room its audio mode; nothing is created then */
    public RoomDetails create(RoomRequest request) {
        audio.checkMode(request.audioMode(), request.rtpengineCallId());
        Room room = directory.create(request.tier(), request.displayName(), request.audio());
        RoomAudioRouting routing = audio.register(room.id(), request.audioMode(), request.rtpengineCallId());
        return new RoomDetails(room, routing, false);
    }

    public RoomDetails get(UUID roomId) {
        Room room = existing(roomId);
        return new RoomDetails(room, audio.routing(roomId), broadcast.isStreaming(roomId));
    }

    public void delete(UUID roomId) {
        existing(roomId);
        broadcast.roomClosing(roomId);
        audio.forget(roomId);
        directory.delete(roomId);
    }

    private Room existing(UUID roomId) {
        return directory.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
    }
}
