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
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
    private final VoiceFleet fleet;
    private final VoiceStreamCalls calls;
    private final Clock clock;
    private final RetryPolicy reconcileBackoff;
    private final BroadcastStore store;
    /** A stream that stops by itself is started again at most this many times in a row. */
    static final int MAX_VANISHED_RESTARTS = 3;
    /** A stream up this long has stopped "in a row" no more. */
    static final Duration STEADY = Duration.ofMinutes(1);

    private final Map<UUID, SessionBroadcast> sessions = new ConcurrentHashMap<>();
    /** Rooms moved off a node, by room: that node is told to stop them if it still streams them. */
    private final Map<UUID, Retired> retired = new ConcurrentHashMap<>();

    /** A room left behind on a node when its broadcast was placed elsewhere. */
    private record Retired(String nodeId, boolean createdHere) {
    }

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
        this.store = store;
        this.cameras = cameras;
        this.fleet = fleet;
        this.calls = new VoiceStreamCalls(fleet);
        this.clock = clock;
        this.reconcileBackoff = reconcileBackoff;
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
                selectForSlot(s, cameraId, gameInstanceId, slot);
                s.failedReconciles = 0;
                reconcile(s);
                return s.status();
            }
            if (cameraId == null) {
                s.manualCamera = null;
                log.info("session {}: camera chosen by preference again", sessionId);
            } else {
                Camera camera = liveCameraOf(sessionId, cameraId, gameInstanceId);
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

    private void selectForSlot(SessionBroadcast s, String cameraId, UUID gameInstanceId, int slot) {
        if (cameraId == null) {
            s.manualSlots.remove(slot);
            log.info("session {}: slot {}'s camera chosen by preference again", s.sessionId, slot);
            return;
        }
        Camera camera = liveCameraOf(s.sessionId, cameraId, gameInstanceId);
        s.manualSlots.put(slot, camera.key());
        log.info("session {}: camera {} selected by hand for slot {}", s.sessionId, camera.key(), slot);
    }

    private Camera liveCameraOf(UUID sessionId, String cameraId, UUID gameInstanceId) {
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
        Instant now = clock.instant();
        for (SessionBroadcast s : sessions.values()) {
            Instant due = s.nextRetryAt;
            if (due != null && !now.isBefore(due) || s.waitingForCapacity) {
                withSession(s.sessionId, this::reconcile);
            } else if (s.unsaved) {
                withSession(s.sessionId, this::persist);
            }
        }
    }

    // ---- the state beyond a restart ----------------------------------------------------------

    /**
     * After a restart: the stored broadcasts are known again; one that was on air is adopted as it
     * runs on its voice node (asked for its stream's status; nothing is restarted), one whose stream
     * is gone meanwhile is started again; then each is reconciled as usual (a change while this
     * service was down, e.g. a new configuration saved just before a crash, is applied).
     */
    public void restore(List<BroadcastRecord> records) {
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
        VoiceStreamSpec running = spec(s, s.cameraOnAir, s.slotCamerasOnAir);
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
    private void persist(SessionBroadcast s) {
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

    // ---- the fleet ---------------------------------------------------------------------------

    /**
     * Nodes that are lost (silent too long) or left: each of their broadcasts is placed again on
     * another node, with a new room there and a start with the same configuration.
     *
     * @param reason {@link Replacement#NODE_LOST} or {@link Replacement#NODE_LEFT}
     */
    public void onNodesLost(Collection<String> nodeIds, String reason) {
        for (SessionBroadcast s : sessions.values()) {
            if (nodeIds.contains(s.nodeId)) {
                withSession(s.sessionId, x -> {
                    if (!nodeIds.contains(x.nodeId)) {
                        return;
                    }
                    replace(x, reason, Set.copyOf(nodeIds));
                    reconcile(x);
                });
            }
        }
    }

    private void replace(SessionBroadcast s, String reason, Set<String> gone) {
        Instant now = clock.instant();
        String from = s.nodeId;
        log.warn("session {}: node {} is gone ({}); placing the broadcast (room {}) again on another node", s.sessionId, from, reason,
                s.roomId);
        if (s.roomId != null) {
            retired.put(s.roomId, new Retired(from, s.roomCreatedHere));
        }
        s.lastReplacement = new Replacement(from, now, reason);
        s.avoidNodes = gone;
        s.nodeId = null;
        s.actual = null;
        s.cameraOnAir = null;
        if (s.roomCreatedHere) {
            s.roomId = null;
        }
        s.failedReconciles = 0;
        s.nextRetryAt = null;
    }

    /**
     * The rooms a node announces that it must stop: each one moved off it, or placed on another
     * node (the latest placement owns a room). Rooms this service knows nothing of are left alone.
     * Reads without the sessions' locks: it runs on every announcement and must never wait for a
     * voice call.
     */
    public List<Fence> fencesFor(VoiceNode node) {
        Map<UUID, SessionBroadcast> byRoom = new HashMap<>();
        for (SessionBroadcast s : sessions.values()) {
            UUID room = s.roomId;
            if (room != null && !s.removed) {
                byRoom.put(room, s);
            }
        }
        List<Fence> fences = new java.util.ArrayList<>();
        for (UUID room : node.rooms()) {
            SessionBroadcast owner = byRoom.get(room);
            Retired gone = retired.get(room);
            if (owner != null && node.nodeId().equals(owner.nodeId)) {
                continue;
            }
            if (owner != null || gone != null && gone.nodeId().equals(node.nodeId())) {
                fences.add(new Fence(node.nodeId(), room, owner == null && gone.createdHere()));
            }
        }
        // Retired rooms the node no longer streams need no fence any more.
        retired.entrySet().removeIf(e -> e.getValue().nodeId().equals(node.nodeId()) && !node.rooms().contains(e.getKey()));
        return fences;
    }

    /** Tells a node to stop a room placed elsewhere (and deletes it when it was ours and is retired). */
    public void fence(Fence f) {
        log.warn("node {} still streams room {}, which is placed elsewhere: stopping it there", f.nodeId(), f.roomId());
        try {
            fleet.client(f.nodeId()).stopStream(f.roomId());
            if (f.deleteRoom()) {
                fleet.client(f.nodeId()).deleteRoom(f.roomId());
            }
        } catch (VoiceCallException e) {
            log.warn("node {}: room {} could not be stopped yet ({}); tried again at its next announcement", f.nodeId(), f.roomId(),
                    e.getMessage());
        }
    }

    /**
     * Whether the node's announcement lacks a room whose broadcast runs there by this service's
     * account, started longer than {@code grace} before the announcement: the stream stopped there
     * by itself (it failed, or the node restarted). Without the locks: cheap, on every announcement.
     */
    public boolean lacksRunningRooms(VoiceNode node, Duration grace) {
        return sessions.values().stream().anyMatch(s -> vanished(s, node, grace));
    }

    private static boolean vanished(SessionBroadcast s, VoiceNode node, Duration grace) {
        Instant since = s.streamingSince;
        UUID room = s.roomId;
        return node.nodeId().equals(s.nodeId) && s.actual != null && room != null && since != null && !s.removed
                && !node.rooms().contains(room) && since.isBefore(node.heardAt().minus(grace));
    }

    /**
     * Starts again each broadcast whose stream stopped on this node by itself ({@link #lacksRunningRooms}):
     * at once, up to {@value #MAX_VANISHED_RESTARTS} times in a row (a stream that then stays up a
     * minute resets the count); after that the status shows why and the next event or request tries again.
     */
    public void onAnnounced(VoiceNode node, Duration grace) {
        for (SessionBroadcast s : sessions.values()) {
            if (!vanished(s, node, grace)) {
                continue;
            }
            withSession(s.sessionId, x -> {
                if (!vanished(x, node, grace)) {
                    return;
                }
                Instant now = clock.instant();
                if (x.streamingSince.isBefore(now.minus(STEADY))) {
                    x.vanishedRestarts = 0;
                }
                x.vanishedRestarts++;
                x.actual = null;
                x.cameraOnAir = null;
                x.streamingSince = null;
                if (x.vanishedRestarts > MAX_VANISHED_RESTARTS) {
                    log.warn("session {}: the voice stream of room {} stopped on node {} by itself again; not started again ({} times"
                            + " in a row): see the node's log", x.sessionId, x.roomId, x.nodeId, MAX_VANISHED_RESTARTS);
                    x.lastError = new BroadcastError(VoiceOperation.START, "the voice stream stopped on node " + x.nodeId
                            + " by itself " + x.vanishedRestarts + " times in a row; configure again or select a camera to retry",
                            null, now, false, null);
                    x.nextRetryAt = null;
                    x.publish(now);
                    return;
                }
                log.warn("session {}: the voice stream of room {} no longer runs on node {} (it stopped there); starting it again",
                        x.sessionId, x.roomId, x.nodeId);
                reconcile(x);
            });
        }
    }

    /** The rooms placed on each node (a session placed but without a room yet holds its slot by its id). */
    private Map<String, Set<UUID>> placedRooms() {
        Map<String, Set<UUID>> placed = new HashMap<>();
        for (SessionBroadcast s : sessions.values()) {
            String node = s.nodeId;
            if (node != null && !s.removed) {
                UUID room = s.roomId;
                placed.computeIfAbsent(node, n -> new HashSet<>()).add(room == null ? s.sessionId : room);
            }
        }
        return placed;
    }

    /**
     * Starts the broadcast on its node, placing it first if it has none: the best candidate, and
     * the next one when a node answers 503 (full, or draining). With no candidate left the session
     * waits for capacity (no error: it is tried again at every tick).
     */
    private void placeAndStart(SessionBroadcast s, VoiceStreamSpec desired, Camera chosen) {
        Set<String> refused = new HashSet<>(s.avoidNodes);
        while (true) {
            if (s.nodeId == null) {
                List<String> options = fleet.candidates(placedRooms()).stream().filter(n -> !refused.contains(n)).toList();
                if (options.isEmpty()) {
                    if (!s.waitingForCapacity) {
                        log.warn("session {}: no voice node has a free slot; waiting for capacity", s.sessionId);
                    }
                    s.waitingForCapacity = true;
                    return;
                }
                s.nodeId = options.get(0);
                s.epoch++;
                s.placedAt = clock.instant();
                log.info("session {}: placed on voice node {} (placement {})", s.sessionId, s.nodeId, s.epoch);
            }
            try {
                calls.start(s, desired, chosen);
                s.waitingForCapacity = false;
                s.avoidNodes = Set.of();
                return;
            } catch (VoiceCallException e) {
                if (!fleet.placesByCapacity() || !e.isStatus(503)) {
                    throw e;
                }
                log.info("session {}: node {} takes no broadcast now ({}); trying the next node", s.sessionId, s.nodeId, e.getMessage());
                refused.add(s.nodeId);
                leaveNode(s);
            }
        }
    }

    /** Gives up the node before the broadcast started there; a room made there for it is deleted (best effort). */
    private void leaveNode(SessionBroadcast s) {
        if (s.roomCreatedHere && s.roomId != null) {
            try {
                fleet.client(s.nodeId).deleteRoom(s.roomId);
            } catch (VoiceCallException e) {
                log.info("session {}: room {} on node {} could not be deleted: {}", s.sessionId, s.roomId, s.nodeId, e.getMessage());
            }
            s.roomId = null;
        }
        s.nodeId = null;
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
            slotCameras = chooseSlotCameras(s, live, chosen);
            desired = spec(s, chosen, slotCameras);
        }
        try {
            // the calls record in s.actual each one that succeeds, as they make them
            if (desired == null) {
                if (s.actual != null) {
                    calls.stop(s);
                }
                s.actual = null;
            } else if (s.actual == null) {
                placeAndStart(s, desired, chosen);
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
            forget(s);
        }
        s.publish(now);
        persist(s);
    }

    /** The voice stream of the session's configuration with {@code main} (null: none) and the later slots' cameras. */
    private static VoiceStreamSpec spec(SessionBroadcast s, Camera main, List<Camera> slotCameras) {
        return new VoiceStreamSpec(s.config.destinations(), main == null ? null : main.rtmpUrl(),
                s.config.fallbackStreamUrl(), s.config.fallbackImageUrl(), s.config.layout(),
                slotCameras.stream().map(c -> c == null ? "" : c.rtmpUrl()).toList());
    }

    /**
     * The camera of each slot after the first (slot 1 first; null: none): by the slot's own
     * preference (only cameras it lists) or its hand selection, never a camera a lower slot shows;
     * the camera a slot shows stays unless a strictly better ranked one is live.
     */
    private static List<Camera> chooseSlotCameras(SessionBroadcast s, List<Camera> live, Camera main) {
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

    /** After a requested stop: the configuration (and its stream key) is dropped, the room deleted if we made it. */
    private void forget(SessionBroadcast s) {
        s.removed = true;
        sessions.remove(s.sessionId, s);
        s.nextRetryAt = null;
        if (s.roomCreatedHere && s.roomId != null && s.nodeId != null) {
            try {
                fleet.client(s.nodeId).deleteRoom(s.roomId);
            } catch (VoiceCallException e) {
                log.warn("session {}: room {} could not be deleted: {}", s.sessionId, s.roomId, e.getMessage());
            }
        }
        log.info("session {}: broadcast stopped and forgotten", s.sessionId);
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
