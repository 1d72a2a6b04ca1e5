package io.voicebroadcast.gamesession.camera;

import io.voicebroadcast.security.StreamKeyMasker;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A camera discovery event after validation: what the registry applies. The wire format is
 * {@code schemas/camera-events.yaml}; {@code events/CameraEventReader} turns messages into these.
 */
public sealed interface CameraEvent {

    UUID eventId();

    Instant timestamp();

    CameraKey camera();

    /** CameraStreamStartedEvent: the camera can be played from {@code rtmpUrl}. */
    record Started(UUID eventId, Instant timestamp, CameraKey camera, UUID sessionId, String rtmpUrl, String displayName,
                   List<String> capabilities) implements CameraEvent {

        @Override
        public String toString() {
            return "Started[" + eventId + ", " + camera + ", session=" + sessionId + ", rtmpUrl=" + StreamKeyMasker.mask(rtmpUrl) + "]";
        }
    }

    /** CameraStreamUpdatedEvent: null fields are unchanged. */
    record Updated(UUID eventId, Instant timestamp, CameraKey camera, String rtmpUrl, String displayName,
                   List<String> capabilities) implements CameraEvent {

        @Override
        public String toString() {
            return "Updated[" + eventId + ", " + camera + (rtmpUrl == null ? "" : ", rtmpUrl=" + StreamKeyMasker.mask(rtmpUrl)) + "]";
        }
    }

    /** CameraStreamEndedEvent. */
    record Ended(UUID eventId, Instant timestamp, CameraKey camera, EndReason reason) implements CameraEvent {
    }
}
