package io.voicebroadcast.gamesession.camera;

import io.voicebroadcast.security.StreamKeyMasker;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the registry knows of one camera. Its {@code rtmpUrl} may carry a play key, so
 * {@link #toString()} masks it like any stream key.
 *
 * @param sessionId   the game session the camera belongs to; null when the start event named none
 * @param startedAt   the timestamp of the (latest) start event
 * @param lastEventAt the timestamp of the newest event applied; older updates and ends are ignored
 * @param endReason   null while live
 */
public record Camera(CameraKey key, UUID sessionId, String rtmpUrl, String displayName, List<String> capabilities,
                     CameraState state, Instant startedAt, Instant lastEventAt, EndReason endReason) {

    public Camera {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rtmpUrl, "rtmpUrl");
        Objects.requireNonNull(state, "state");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    public boolean isLive() {
        return state == CameraState.LIVE;
    }

    public String cameraId() {
        return key.cameraId();
    }

    public UUID gameInstanceId() {
        return key.gameInstanceId();
    }

    public Optional<UUID> session() {
        return Optional.ofNullable(sessionId);
    }

    public boolean belongsTo(UUID session) {
        return session != null && session.equals(sessionId);
    }

    @Override
    public String toString() {
        return "Camera[" + key + ", session=" + sessionId + ", " + state + ", rtmpUrl=" + StreamKeyMasker.mask(rtmpUrl)
                + (endReason == null ? "" : ", endReason=" + endReason) + "]";
    }
}
