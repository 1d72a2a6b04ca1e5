package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraKey;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which live camera of a session goes on air. Pure.
 * <ol>
 *   <li>A camera selected by hand, while it is live.</li>
 *   <li>Otherwise the best ranked live camera: its position in the preference order; cameras not
 *       listed rank after every listed one, among themselves by start time.</li>
 *   <li>The camera on air stays unless a strictly better ranked one is live: equal rank never
 *       causes a switch.</li>
 * </ol>
 */
final class CameraChoice {

    private CameraChoice() {
    }

    static Optional<Camera> choose(List<String> preference, CameraKey manual, CameraKey onAir, List<Camera> live) {
        if (manual != null) {
            Optional<Camera> selected = live.stream().filter(c -> c.key().equals(manual)).findFirst();
            if (selected.isPresent()) {
                return selected;
            }
        }
        Comparator<Camera> byRank = Comparator.comparingInt((Camera c) -> rank(preference, c))
                .thenComparing(Camera::startedAt).thenComparing(Camera::cameraId);
        Optional<Camera> best = live.stream().min(byRank);
        if (onAir != null && best.isPresent()) {
            Optional<Camera> current = live.stream().filter(c -> c.key().equals(onAir)).findFirst();
            if (current.isPresent() && rank(preference, current.get()) <= rank(preference, best.get())) {
                return current;
            }
        }
        return best;
    }

    static int rank(List<String> preference, Camera camera) {
        int i = preference.indexOf(camera.cameraId());
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
