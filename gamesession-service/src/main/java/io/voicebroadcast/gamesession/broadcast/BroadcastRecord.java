package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.CameraKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a {@link BroadcastStore} keeps of one session's broadcast so that a restart loses nothing:
 * the configuration (with its stream keys: a store seals them), where the orchestration stands and
 * where the broadcast is placed.
 *
 * @param target          wait_for_camera, broadcast, end or remove
 * @param onAir           the last call left the voice stream running
 * @param slotCamerasOnAir slot 1 first; null entries for slots showing no camera
 */
public record BroadcastRecord(BroadcastConfig config, String target, UUID roomId, boolean roomCreatedHere, String nodeId, long epoch,
                              Instant placedAt, Replacement lastReplacement, CameraKey manualCamera, Map<Integer, CameraKey> manualSlots,
                              boolean onAir, CameraKey cameraOnAir, List<CameraKey> slotCamerasOnAir) {

    public UUID sessionId() {
        return config.sessionId();
    }
}
