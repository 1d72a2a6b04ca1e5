package io.voicebroadcast.gamesession.testing;

import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.EndReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Camera events for unit tests, with fresh event IDs. */
public final class Cameras {

    private Cameras() {
    }

    public static CameraEvent.Started started(Instant at, UUID instance, String cameraId, UUID session, String url) {
        return new CameraEvent.Started(UUID.randomUUID(), at, new CameraKey(instance, cameraId), session, url, cameraId, List.of());
    }

    public static CameraEvent.Updated updated(Instant at, UUID instance, String cameraId, String url) {
        return new CameraEvent.Updated(UUID.randomUUID(), at, new CameraKey(instance, cameraId), url, null, null);
    }

    public static CameraEvent.Ended ended(Instant at, UUID instance, String cameraId, EndReason reason) {
        return new CameraEvent.Ended(UUID.randomUUID(), at, new CameraKey(instance, cameraId), reason);
    }
}
