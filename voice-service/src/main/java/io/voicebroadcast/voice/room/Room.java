package io.voicebroadcast.voice.room;

import java.time.Instant;
import java.util.UUID;

/** A voice room as the broadcast needs it. */
public record Room(UUID id, RoomTier tier, String displayName, RoomAudioFormat audio, Instant createdAt) {
}
