package io.voicebroadcast.gamesession.camera;

/** Why a camera ended, as CameraStreamEndedEvent says; {@link #UNSPECIFIED} when it does not. */
public enum EndReason {
    NORMAL_SHUTDOWN,
    ERROR,
    GAME_ENDED,
    UNSPECIFIED
}
