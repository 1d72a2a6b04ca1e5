package io.voicebroadcast.voice.room;

import java.util.UUID;

/** How rooms' voices reach this node (each room's {@link RoomAudioRouting}), as the participant side keeps it. */
public interface RoomAudio {

    /**
     * Throws {@link InvalidRoomException} if this node cannot give a room that audio mode; asked
     * before the room exists.
     *
     * @param mode   null for the node's default
     * @param callId null for the room id; only for mode rtpengine
     */
    void checkMode(AudioMode mode, String callId);

    /** Records a new room's audio mode (arguments as for {@link #checkMode}). */
    RoomAudioRouting register(UUID roomId, AudioMode mode, String callId);

    RoomAudioRouting routing(UUID roomId);

    /** The room is going: its routing and its joined participants are forgotten. */
    void forget(UUID roomId);
}
