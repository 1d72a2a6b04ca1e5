package io.voicebroadcast.gamesession.camera;

import java.time.Instant;
import java.util.List;

/** Where the {@link CameraRegistry} keeps its cameras beyond a restart. {@link #NONE}: in memory only. */
public interface CameraStore {

    CameraStore NONE = new CameraStore() {
        @Override
        public List<Camera> loadAll() {
            return List.of();
        }

        @Override
        public void save(Camera camera) {
        }

        @Override
        public void forgetEndedBefore(Instant cutoff) {
        }
    };

    List<Camera> loadAll();

    void save(Camera camera);

    /** Forgets the cameras that ended (their last event) before {@code cutoff}. */
    void forgetEndedBefore(Instant cutoff);
}
