package io.voicebroadcast.voice.room;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Rooms held in memory: enough for a node that broadcasts rooms owned elsewhere. */
public final class InMemoryRoomDirectory implements RoomDirectory {

    private final Map<UUID, Room> rooms = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryRoomDirectory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Room create(RoomTier tier, String displayName, RoomAudioFormat audio) {
        Room room = new Room(UUID.randomUUID(), tier, displayName, audio, clock.instant());
        rooms.put(room.id(), room);
        return room;
    }

    @Override
    public Optional<Room> find(UUID id) {
        return Optional.ofNullable(rooms.get(id));
    }

    @Override
    public boolean delete(UUID id) {
        return rooms.remove(id) != null;
    }
}
