package io.voicebroadcast.voice.room;

/** P2P rooms have no central mix and cannot stream; scaled rooms can. */
public enum RoomTier {
    P2P,
    SCALED
}
