package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.Camera;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An immutable view of a session's broadcast, safe to hand out: every URL is already masked
 * (the camera on air masks its URL in {@code toString}; mappers mask it again for responses).
 *
 * @param maskedRtmpOutputUrl the first destination
 * @param destinations        every configured destination, the first one first
 * @param cameraOnAir         the camera the voice stream has as background; null when none
 * @param lastError           null when the last call to the voice service succeeded
 * @param placement           the voice node holding the broadcast; null until placed
 * @param lastReplacement     why it last moved to another node; null when it never did
 * @param slotCamerasOnAir    the camera ID each slot after the first shows, slot 1 first ("" for none)
 */
public record BroadcastStatus(UUID sessionId, BroadcastPhase phase, UUID voiceRoomId, Placement placement,
                              Replacement lastReplacement, String maskedRtmpOutputUrl,
                              List<Destination> destinations, String maskedFallbackStreamUrl, String maskedFallbackImageUrl,
                              List<String> cameraPreference, CameraSelection selection, String selectedCameraId, Camera cameraOnAir,
                              BroadcastError lastError, Instant updatedAt, String layout, List<List<String>> slotCameraPreferences,
                              List<String> slotCamerasOnAir) {

    /** The voice node of the broadcast, the placement's epoch (counting this session's placements) and since when. */
    public record Placement(String nodeId, long epoch, Instant since) {
    }

    /** A configured destination: its id and its URL, masked. */
    public record Destination(String id, String maskedUrl) {
    }
}
