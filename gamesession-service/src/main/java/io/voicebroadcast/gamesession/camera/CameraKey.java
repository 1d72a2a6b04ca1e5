package io.voicebroadcast.gamesession.camera;

import java.util.Objects;
import java.util.UUID;

/** A camera's identity: its ID is unique only within its game instance. */
public record CameraKey(UUID gameInstanceId, String cameraId) {

    public CameraKey {
        Objects.requireNonNull(gameInstanceId, "gameInstanceId");
        Objects.requireNonNull(cameraId, "cameraId");
    }

    @Override
    public String toString() {
        return cameraId + "@" + gameInstanceId;
    }
}
