package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.camera.RegistryChange;
import io.voicebroadcast.gamesession.fleet.StaticFleet;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.voicebroadcast.gamesession.fleet.VoiceNode;
import io.voicebroadcast.gamesession.voice.RetryPolicy;
import io.voicebroadcast.gamesession.voice.VoiceCallException;
import io.voicebroadcast.gamesession.voice.VoiceClient;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestration rules: camera changes, configuration and hand selections decide where each
 * session's broadcast should be ({@link Target} and the chosen camera); {@link #reconcile} then
 * drives the voice stream there with the fewest calls ({@link VoiceStreamCalls}: create room, start,
 * update, destination add and remove, stop).
 * <ul>
 *   <li>A camera of a configured session goes live and nothing is on air: create a scaled room if
 *       the session has none, start with that camera as background plus the configured fallbacks.</li>
 *   <li>A preferred camera goes live while a less preferred one is on air: switch (update).</li>
 *   <li>The camera on air changes its rtmpUrl: update.</li>
 *   <li>The camera on air ends: the best other live camera of the session, or clear the background
 *       so that the voice service's cascade takes over.</li>
 *   <li>A camera of the session ends with reason game_ended and no camera of the session is live:
 *       stop (the broadcast stays configured; a new camera starts it again).</li>
 *   <li>Configuring a session that already has live cameras starts at once.</li>
 *   <li>Reconfigured destinations of a running stream change one by one (see {@link VoiceStreamCalls}):
 *       removed, the first one's URL replaced by update, added; the encoder and every destination
 *       that stays keep running. Only when none stays is the stream stopped and started again.</li>
 *   <li>Every start, the one after a voice outage included, has the whole configured list.</li>
 * </ul>
 * In a fleet ({@link VoiceFleet}) each broadcast is placed on a node (the one with the most free
 * capacity; a 503 moves it to the next; with none free it waits in {@code waiting_for_capacity}),
 * every call goes to that node, and a broadcast whose node is lost or leaves is placed again
 * elsewhere ({@link #onNodesLost}); a node still streaming a room placed elsewhere is told to stop
 * it ({@link #fencesFor}).
 * <p>
 * A failed call leaves the session where the voice service is (the status shows it) with the
 * error; a call that may succeed later (no answer, 5xx) is retried by {@link #retryDue()} with
 * backoff, a rejected one (4xx) waits for the next event or request. Plain Java; thread-safe
 * with one lock per session; time comes from the injected clock.
 */
public final class BroadcastOrchestrator {

    private static final Logger log = LoggerFactory.getLogger(BroadcastOrchestrator.class);

    private final CameraRegistry cameras;
    private final VoiceStreamCalls calls;
    private final Clock clock;
    private final RetryPolicy reconcileBackoff;
    /** A stream that stops by itself is started again at most this many times in a row. */
    static final int MAX_VANISHED_RESTARTS = 3;
    /** A stream up this long has stopped "in a row" no more. */
    static final Duration STEADY = Duration.ofMinutes(1);

    private final Map<UUID, SessionBroadcast> sessions = new ConcurrentHashMap<>();
    private final SlotCameras slots;
    private final FleetPlacement placement;
    private final DurableState durable;
    /** A standby's orchestrator ({@link #standBy}) does nothing by itself until {@link #restore}: it never calls a voice node. */
    private volatile boolean standingBy;
    /** A node to tell to stop a room it streams although the room's broadcast is placed elsewhere (or nowhere). */
    public record Fence(String nodeId, UUID roomId, boolean deleteRoom) {
    }

    /** One voice node, the client's: as before fleets. */
    public BroadcastOrchestrator(CameraRegistry cameras, VoiceClient voice, Clock clock, RetryPolicy reconcileBackoff) {
        this(cameras, new StaticFleet(voice, null), clock, reconcileBackoff);
    }

    /**
     * @param reconcileBackoff the waits between background attempts after retryable failures
     *                         (its attempt count is ignored: attempts go on until one succeeds)
     */
    public BroadcastOrchestrator(CameraRegistry cameras, VoiceFleet fleet, Clock clock, RetryPolicy reconcileBackoff) {
        this(cameras, fleet, clock, reconcileBackoff, BroadcastStore.NONE);
    }

    /** With every broadcast kept in {@code store} ({@link #restore} loads them after a restart). */
    public BroadcastOrchestrator(CameraRegistry cameras, VoiceFleet fleet, Clock clock, RetryPolicy reconcileBackoff, BroadcastStore store) {
        this.cameras = cameras;
        this.calls = new VoiceStreamCalls(fleet);
        this.clock = clock;
        this.reconcileBackoff = reconcileBackoff;
        this.slots = new SlotCameras(cameras);
        this.placement = new FleetPlacement(sessions, fleet, calls, clock, this::withSession, this::reconcile);
        this.durable = new DurableState(sessions, cameras, calls, clock, store, this::withSession, this::reconcile);
    }

    // ---- requests ----------------------------------------------------------------------------

    /** Stores the configuration (replacing an earlier one) and starts at once if a camera of the session is live. */
    public BroadcastStatus configure(BroadcastConfig config) {
        while (true) {
            SessionBroadcast s = sessions.computeIfAbsent(config.sessionId(), SessionBroadcast::new);
            s.lock.lock();
            try {
                if (s.removed) {
                    continue; // a stop finished meanwhile; configure afresh
                }
                boolean fresh = s.config == null;
                if (config.voiceRoomId() != null && !config.voiceRoomId().equals(s.roomId)) {
                    if (s.actual != null) {
                        throw new InvalidBroadcastRequestException("The voice room cannot change while the broadcast is on air; stop it first.");
                    }
                    s.roomId = config.voiceRoomId();
                    s.roomCreatedHere = false;
                }
                config = config.named(s.config);
                s.config = config;
                boolean anyLive = !cameras.liveCamerasOf(s.sessionId).isEmpty();
                if (anyLive) {
                    s.target = Target.BROADCAST;
                } else if (s.target != Target.BROADCAST) {
                    s.target = Target.WAIT_FOR_CAMERA;
                }
                log.info("session {}: broadcast {} ({}), {}", s.sessionId, fresh ? "configured" : "reconfigured", config,
                        anyLive ? "a camera is live" : "waiting for a camera");
                s.failedReconciles = 0;
                reconcile(s);
                return s.status();
            } finally {
                s.lock.unlock();
            }
        }
    }

    /**
     * Stops the voice stream and forgets the configuration. If the voice service cannot be told,
     * throws {@link VoiceUnavailableException} and keeps trying in the background.
     */
    public BroadcastStatus stop(UUID sessionId) {
        SessionBroadcast s = existing(sessionId);
        s.lock.lock();
        try {
            if (s.removed) {
                throw notConfigured(sessionId);
            }
            s.target = Target.REMOVE;
            s.failedReconciles = 0;
            log.info("session {}: stop requested", sessionId);
            reconcile(s);
            if (!s.removed) {
                BroadcastError e = s.lastError;
                String next = e != null && e.retrying() ? "it is retried in the background" : "request the stop again";
                throw new VoiceUnavailableException("The voice service did not confirm the stop; " + next + "."
                        + (e == null ? "" : " Last error: " + e.message()), e);
            }
            return s.status();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Puts a live camera of the session on air by hand until it ends or another is selected;
     * {@code cameraId} null goes back to the preference order.
     */
    public BroadcastStatus selectCamera(UUID sessionId, String cameraId, UUID gameInstanceId) {
        return selectCamera(sessionId, cameraId, gameInstanceId, 0);
    }

    /** As {@link #selectCamera(UUID, String, UUID)}, for a slot of the layout (0: the main picture). */
    public BroadcastStatus selectCamera(UUID sessionId, String cameraId, UUID gameInstanceId, int slot) {
        SessionBroadcast s = existing(sessionId);
        s.lock.lock();
        try {
            if (s.removed || s.target == Target.REMOVE) {
                throw notConfigured(sessionId);
            }
            if (slot < 0 || slot >= s.config.slotCount()) {
                throw new InvalidBroadcastRequestException("slot", "the " + s.config.layout() + " layout has slots 0 to "
                        + (s.config.slotCount() - 1) + "; got " + slot);
            }
            if (slot > 0) {
                slots.selectForSlot(s, cameraId, gameInstanceId, slot);
                s.failedReconciles = 0;
                reconcile(s);
                return s.status();
            }
            if (cameraId == null) {
                s.manualCamera = null;
                log.info("session {}: camera chosen by preference again", sessionId);
            } else {
                Camera camera = slots.liveCameraOf(sessionId, cameraId, gameInstanceId);
                s.manualCamera = camera.key();
                s.target = Target.BROADCAST;
                log.info("session {}: camera {} selected by hand", sessionId, camera.key());
            }
            s.failedReconciles = 0;
            reconcile(s);
            return s.status();
        } finally {
            s.lock.unlock();
        }
    }

    public Optional<BroadcastStatus> status(UUID sessionId) {
        SessionBroadcast s = sessions.get(sessionId);
        return s == null || s.status() == null || s.removed ? Optional.empty() : Optional.of(s.status());
    }

    /** Every configured broadcast (in one phase, unless {@code phase} is null), by session ID. */
    public List<BroadcastStatus> list(BroadcastPhase phase) {
        return sessions.values().stream().map(SessionBroadcast::status).filter(Objects::nonNull)
                .filter(st -> st.phase() != BroadcastPhase.STOPPED && (phase == null || st.phase() == phase))
                .sorted(Comparator.comparing(BroadcastStatus::sessionId)).toList();
    }

    // ---- camera events -----------------------------------------------------------------------

    /** Applies the rules to every configured session the changed camera belongs (or belonged) to. */
    public void onCameraChange(RegistryChange.Applied change) {
        if (standingBy) {
            return;
        }
        Set<UUID> affected = new LinkedHashSet<>();
        if (change.before() != null && change.before().sessionId() != null) {
            affected.add(change.before().sessionId());
        }
        if (change.after().sessionId() != null) {
            affected.add(change.after().sessionId());
        }
        for (UUID sessionId : affected) {
            withSession(sessionId, s -> {
                Camera camera = change.after();
                boolean ours = camera.belongsTo(s.sessionId);
                if (ours && camera.isLive() && (s.target == Target.WAIT_FOR_CAMERA || s.target == Target.END)) {
                    log.info("session {}: camera {} is live: starting the broadcast", s.sessionId, camera.key());
                    s.target = Target.BROADCAST;
                }
                if (ours && change.event() instanceof CameraEvent.Ended ended && ended.reason() == EndReason.GAME_ENDED
                        && s.target == Target.BROADCAST && cameras.liveCamerasOf(s.sessionId).isEmpty()) {
                    log.info("session {}: the game of instance {} ended and no camera is left: stopping the broadcast",
                            s.sessionId, camera.gameInstanceId());
                    s.target = Target.END;
                }
                s.failedReconciles = 0;
                reconcile(s);
            });
        }
    }

    /** Reconciles every session whose retry is due, and tries to place those waiting for capacity; called periodically. */
    public void retryDue() {
        if (standingBy) {
            return;
        }
        Instant now = clock.instant();
        for (SessionBroadcast s : sessions.values()) {
            Instant due = s.nextRetryAt;
            if (due != null && !now.isBefore(due) || s.waitingForCapacity) {
                withSession(s.sessionId, this::reconcile);
            } else if (s.unsaved) {
                withSession(s.sessionId, durable::persist);
            }
        }
    }

    // ---- the state beyond a restart and the fleet (see DurableState and FleetPlacement) ------

    /**
     * After a restart: the stored broadcasts are known again; one that was on air is adopted as it
     * runs on its voice node (nothing is restarted), one whose stream is gone is started again.
     */
    public void restore(List<BroadcastRecord> records) {
        standingBy = false;
        durable.restore(records);
    }

    /**
     * This instance is a standby (another one is active on the state): nothing is done by itself
     * (no retry, no node's loss or announcement acted on, no call to a voice node) until
     * {@link #restore} at its takeover.
     */
    public void standBy() {
        standingBy = true;
    }

    /** Nodes lost (silent too long) or left ({@link Replacement}): each of their broadcasts is placed again elsewhere. */
    public void onNodesLost(Collection<String> nodeIds, String reason) {
        if (standingBy) {
            return;
        }
        placement.onNodesLost(nodeIds, reason);
    }

    /** The rooms a node announces that it must stop: each one moved off it, or placed on another node. */
    public List<Fence> fencesFor(VoiceNode node) {
        if (standingBy) {
            return List.of();
        }
        return placement.fencesFor(node);
    }

    /** Tells a node to stop a room placed elsewhere (and deletes it when it was ours and is retired). */
    public void fence(Fence f) {
        if (standingBy) {
            return;
        }
        placement.fence(f);
    }

    /** Whether the node's announcement lacks a room running there by our account, started over {@code grace} before it. */
    public boolean lacksRunningRooms(VoiceNode node, Duration grace) {
        return !standingBy && placement.lacksRunningRooms(node, grace);
    }

    /** Starts again each broadcast whose stream stopped on this node by itself ({@link #lacksRunningRooms}), a few times in a row. */
    public void onAnnounced(VoiceNode node, Duration grace) {
        if (standingBy) {
            return;
        }
        placement.onAnnounced(node, grace);
    }

    // ---- reconciliation ----------------------------------------------------------------------

    private void withSession(UUID sessionId, Consumer<SessionBroadcast> action) {
        SessionBroadcast s = sessions.get(sessionId);
        if (s == null) {
            return;
        }
        s.lock.lock();
        try {
            if (!s.removed && s.config != null) {
                action.accept(s);
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Drives the voice stream to where the session should be. Holds the session's lock. */
    private void reconcile(SessionBroadcast s) {
        Instant now = clock.instant();
        boolean wasStreaming = s.actual != null;
        List<Camera> live = cameras.liveCamerasOf(s.sessionId);
        if (s.manualCamera != null && live.stream().noneMatch(c -> c.key().equals(s.manualCamera))) {
            log.info("session {}: camera {} selected by hand is gone; the preference order decides again", s.sessionId, s.manualCamera);
            s.manualCamera = null;
        }
        s.manualSlots.values().removeIf(key -> live.stream().noneMatch(c -> c.key().equals(key)));
        Camera chosen = null;
        List<Camera> slotCameras = List.of();
        VoiceStreamSpec desired = null;
        if (s.target == Target.BROADCAST) {
            CameraKey onAir = s.cameraOnAir == null ? null : s.cameraOnAir.key();
            chosen = CameraChoice.choose(s.config.cameraPreference(), s.manualCamera, onAir, live).orElse(null);
            slotCameras = SlotCameras.chooseSlotCameras(s, live, chosen);
            desired = SlotCameras.spec(s, chosen, slotCameras);
        }
        try {
            // the calls record in s.actual each one that succeeds, as they make them
            if (desired == null) {
                if (s.actual != null) {
                    calls.stop(s);
                }
                s.actual = null;
            } else if (s.actual == null) {
                placement.placeAndStart(s, desired, chosen);
            } else {
                calls.update(s, desired, chosen);
            }
            if (desired == null) {
                s.waitingForCapacity = false;
            }
            s.cameraOnAir = desired == null || s.actual == null ? null : chosen;
            s.slotCamerasOnAir = desired == null || s.actual == null ? List.of() : slotCameras;
            s.lastError = null;
            s.failedReconciles = 0;
            s.nextRetryAt = null;
        } catch (VoiceCallException e) {
            s.failedReconciles++;
            Instant retryAt = e.retryable() ? now.plus(reconcileBackoff.backoffAfter(s.failedReconciles)) : null;
            s.lastError = new BroadcastError(e.operation(), e.getMessage(), e.status(), now, e.retryable(), retryAt);
            s.nextRetryAt = retryAt;
            log.warn("session {}: {} failed: {}; {}", s.sessionId, e.operation(), e.getMessage(),
                    retryAt == null ? "waiting for the next camera event or request" : "retrying at " + retryAt);
        }
        if (!wasStreaming && s.actual != null) {
            s.streamingSince = now;
        } else if (s.actual == null) {
            s.streamingSince = null;
        }
        if (s.target == Target.REMOVE && s.actual == null) {
            placement.forget(s);
        }
        s.publish(now);
        durable.persist(s);
    }

    private SessionBroadcast existing(UUID sessionId) {
        SessionBroadcast s = sessions.get(sessionId);
        if (s == null || s.config == null) {
            throw notConfigured(sessionId);
        }
        return s;
    }

    static BroadcastNotFoundException notConfigured(UUID sessionId) {
        return new BroadcastNotFoundException("No broadcast is configured for session " + sessionId + ".");
    }
}
