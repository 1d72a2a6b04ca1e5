package io.voicebroadcast.voice.room;

import java.util.Optional;
import java.util.UUID;

/**
 * Where rooms live. The real voice plugin is not in this repository; it would implement this
 * interface and the broadcast would not notice.
 */
public interface RoomDirectory {

    Room create(RoomTier tier, String displayName, RoomAudioFormat audio);

    Optional<Room> find(UUID id);

    boolean delete(UUID id);
}
