package io.voicebroadcast.gamesession.broadcast;

/** Who picks the camera on air: the configured preference order, or an operator by hand. */
public enum CameraSelection {
    PREFERENCE,
    MANUAL
}
