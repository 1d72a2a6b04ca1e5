package io.voicebroadcast.gamesession.camera;

public enum CameraState {
    LIVE,
    ENDED
}
