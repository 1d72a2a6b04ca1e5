package io.voicebroadcast.voice.room;

/**
 * A room as a client asks for it.
 *
 * @param audioMode       null for the node's default mode
 * @param rtpengineCallId null for the room id; only for mode rtpengine
 */
public record RoomRequest(RoomTier tier, String displayName, RoomAudioFormat audio, AudioMode audioMode, String rtpengineCallId) {
}
