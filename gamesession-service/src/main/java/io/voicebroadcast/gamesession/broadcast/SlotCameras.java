package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras of a session's layout, for {@link BroadcastOrchestrator}: the live camera a hand
 * selection names, the camera of each slot after the main picture, and the voice stream that shows them.
 */
final class SlotCameras {

    // The orchestrator's logger: these lines read as before the split.
    private static final Logger log = LoggerFactory.getLogger(BroadcastOrchestrator.class);

    private final CameraRegistry cameras;

    SlotCameras(CameraRegistry cameras) {
        this.cameras = cameras;
    }

    void selectForSlot(SessionBroadcast s, String cameraId, UUID gameInstanceId, int slot) {
        if (cameraId == null) {
            s.manualSlots.remove(slot);
            log.info("session {}: slot {}'s camera chosen by preference again", s.sessionId, slot);
            return;
        }
        Camera camera = liveCameraOf(s.sessionId, cameraId, gameInstanceId);
        s.manualSlots.put(slot, camera.key());
        log.info("session {}: camera {} selected by hand for slot {}", s.sessionId, camera.key(), slot);
    }

    Camera liveCameraOf(UUID sessionId, String cameraId, UUID gameInstanceId) {
        List<Camera> matches = cameras.list(c -> c.belongsTo(sessionId) && c.cameraId().equals(cameraId)
                && (gameInstanceId == null || c.gameInstanceId().equals(gameInstanceId)));
        if (matches.isEmpty()) {
            throw new CameraNotFoundException("Camera '" + cameraId + "' is not a known camera of session " + sessionId
                    + (gameInstanceId == null ? "" : " in game instance " + gameInstanceId) + ".");
        }
        if (matches.size() > 1) {
            throw new InvalidBroadcastRequestException("Camera '" + cameraId + "' exists in " + matches.size()
                    + " game instances of session " + sessionId + "; name the gameInstanceId.");
        }
        if (!matches.get(0).isLive()) {
            throw new CameraNotLiveException("Camera '" + cameraId + "' has ended; only a live camera can be selected.");
        }
        return matches.get(0);
    }

    /** The voice stream of the session's configuration with {@code main} (null: none) and the later slots' cameras. */
    static VoiceStreamSpec spec(SessionBroadcast s, Camera main, List<Camera> slotCameras) {
        return new VoiceStreamSpec(s.config.destinations(), main == null ? null : main.rtmpUrl(),
                s.config.fallbackStreamUrl(), s.config.fallbackImageUrl(), s.config.layout(),
                slotCameras.stream().map(c -> c == null ? "" : c.rtmpUrl()).toList());
    }

    /**
     * The camera of each slot after the first (slot 1 first; null: none): by the slot's own
     * preference (only cameras it lists) or its hand selection, never a camera a lower slot shows;
     * the camera a slot shows stays unless a strictly better ranked one is live.
     */
    static List<Camera> chooseSlotCameras(SessionBroadcast s, List<Camera> live, Camera main) {
        List<Camera> chosen = new ArrayList<>();
        Set<CameraKey> taken = new HashSet<>();
        if (main != null) {
            taken.add(main.key());
        }
        for (int slot = 1; slot < s.config.slotCount(); slot++) {
            List<String> preference = s.config.preferenceOf(slot);
            CameraKey manual = s.manualSlots.get(slot);
            List<Camera> candidates = live.stream().filter(c -> !taken.contains(c.key())
                    && (preference.contains(c.cameraId()) || c.key().equals(manual))).toList();
            Camera onAir = slot - 1 < s.slotCamerasOnAir.size() ? s.slotCamerasOnAir.get(slot - 1) : null;
            Camera camera = CameraChoice.choose(preference, manual, onAir == null ? null : onAir.key(), candidates).orElse(null);
            if (camera != null) {
                taken.add(camera.key());
            }
            chosen.add(camera);
        }
        return chosen;
    }
}
