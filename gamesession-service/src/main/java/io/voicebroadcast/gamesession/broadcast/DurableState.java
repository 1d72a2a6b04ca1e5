package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.voice.VoiceCallException;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcasts' state beyond a restart, for {@link BroadcastOrchestrator}: each session saved to
 * the {@link BroadcastStore} as it changes, and after a restart the stored ones known again, those
 * on air adopted as they run on their voice nodes.
 */
final class DurableState {

    // The orchestrator's logger: these lines read as before the split.
    private static final Logger log = LoggerFactory.getLogger(BroadcastOrchestrator.class);

    private final Map<UUID, SessionBroadcast> sessions;
    private final CameraRegistry cameras;
    private final VoiceStreamCalls calls;
    private final Clock clock;
    private final BroadcastStore store;
    private final BiConsumer<UUID, Consumer<SessionBroadcast>> withSession;
    private final Consumer<SessionBroadcast> reconcile;

    /**
     * @param withSession runs an action under a configured session's lock (the orchestrator's)
     * @param reconcile   drives a session's voice stream to where it should be (the orchestrator's)
     */
    DurableState(Map<UUID, SessionBroadcast> sessions, CameraRegistry cameras, VoiceStreamCalls calls, Clock clock,
            BroadcastStore store, BiConsumer<UUID, Consumer<SessionBroadcast>> withSession, Consumer<SessionBroadcast> reconcile) {
        this.sessions = sessions;
        this.cameras = cameras;
        this.calls = calls;
        this.clock = clock;
        this.store = store;
        this.withSession = withSession;
        this.reconcile = reconcile;
    }

    /**
     * After a restart: the stored broadcasts are known again; one that was on air is adopted as it
     * runs on its voice node (asked for its stream's status; nothing is restarted), one whose stream
     * is gone meanwhile is started again; then each is reconciled as usual (a change while this
     * service was down, e.g. a new configuration saved just before a crash, is applied).
     */
    void restore(List<BroadcastRecord> records) {
        for (BroadcastRecord r : records) {
            SessionBroadcast s = SessionBroadcast.restored(r, key -> cameras.find(key).orElse(null));
            sessions.put(s.sessionId, s);
            withSession(s.sessionId, x -> {
                if (r.onAir()) {
                    adopt(x);
                }
                reconcile(x);
            });
        }
        log.info("restored {} broadcasts from the state", records.size());
    }

    private void adopt(SessionBroadcast s) {
        if (s.nodeId == null || s.roomId == null) {
            return;
        }
        VoiceStreamSpec running = SlotCameras.spec(s, s.cameraOnAir, s.slotCamerasOnAir);
        try {
            if (!calls.adopt(s, running)) {
                log.info("session {}: room {} on node {} no longer streams; starting it again", s.sessionId, s.roomId, s.nodeId);
                s.cameraOnAir = null;
                return;
            }
            s.streamingSince = clock.instant(); // running since at least now: a stop by itself is noticed as for any stream
            log.info("session {}: adopted the broadcast on air in room {} on node {} (placement {}), without a restart", s.sessionId,
                    s.roomId, s.nodeId, s.epoch);
        } catch (VoiceCallException e) {
            // Taken as running: the next call to it tells (a 404 starts it again).
            s.actual = running;
            s.streamingSince = clock.instant();
            log.warn("session {}: node {} did not answer for room {} ({}); taken as on air until a call says otherwise", s.sessionId,
                    s.nodeId, s.roomId, e.getMessage());
        }
    }

    /** Saves the session as it now is if that changed (deletes it once forgotten); a failure is logged and the save tried again at the next tick. */
    void persist(SessionBroadcast s) {
        try {
            if (s.removed) {
                store.delete(s.sessionId);
            } else {
                BroadcastRecord now = s.record();
                if (!now.equals(s.saved)) { // e.g. a retry that changed nothing, a session waiting for capacity
                    store.save(now);
                    s.saved = now;
                }
            }
            s.unsaved = false;
        } catch (RuntimeException e) {
            s.unsaved = true;
            log.error("session {}: the state could not be saved ({}); trying again", s.sessionId, e.getClass().getSimpleName());
        }
    }

    private void withSession(UUID sessionId, Consumer<SessionBroadcast> action) {
        withSession.accept(sessionId, action);
    }

    private void reconcile(SessionBroadcast s) {
        reconcile.accept(s);
    }
}
