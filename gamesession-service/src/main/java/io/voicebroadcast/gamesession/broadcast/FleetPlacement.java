package io.voicebroadcast.gamesession.broadcast;

import static io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator.MAX_VANISHED_RESTARTS;
import static io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator.STEADY;

import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator.Fence;
import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.voicebroadcast.gamesession.fleet.VoiceNode;
import io.voicebroadcast.gamesession.voice.VoiceCallException;
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcasts' places in the fleet, for {@link BroadcastOrchestrator}: placing a broadcast on a
 * node (waiting for capacity when none is free), placing it again when its node is lost or leaves,
 * starting again a stream that stopped on its node by itself, and fencing rooms a node still
 * streams although they are placed elsewhere; after a requested stop, the broadcast forgotten and
 * the room made for it deleted on its node. Runs under the session's lock where the orchestrator
 * holds it; the announcement checks read without it.
 */
final class FleetPlacement {

    // The orchestrator's logger: these lines read as before the split.
    private static final Logger log = LoggerFactory.getLogger(BroadcastOrchestrator.class);

    private final Map<UUID, SessionBroadcast> sessions;
    private final VoiceFleet fleet;
    private final VoiceStreamCalls calls;
    private final Clock clock;
    private final BiConsumer<UUID, Consumer<SessionBroadcast>> withSession;
    private final Consumer<SessionBroadcast> reconcile;
    /** Rooms moved off a node, by room: that node is told to stop them if it still streams them. */
    private final Map<UUID, Retired> retired = new ConcurrentHashMap<>();

    /** A room left behind on a node when its broadcast was placed elsewhere. */
    private record Retired(String nodeId, boolean createdHere) {
    }

    /**
     * @param withSession runs an action under a configured session's lock (the orchestrator's)
     * @param reconcile   drives a session's voice stream to where it should be (the orchestrator's)
     */
    FleetPlacement(Map<UUID, SessionBroadcast> sessions, VoiceFleet fleet, VoiceStreamCalls calls, Clock clock,
            BiConsumer<UUID, Consumer<SessionBroadcast>> withSession, Consumer<SessionBroadcast> reconcile) {
        this.sessions = sessions;
        this.fleet = fleet;
        this.calls = calls;
        this.clock = clock;
        this.withSession = withSession;
        this.reconcile = reconcile;
    }

    /**
     * Nodes that are lost (silent too long) or left: each of their broadcasts is placed again on
     * another node, with a new room there and a start with the same configuration.
     *
     * @param reason {@link Replacement#NODE_LOST} or {@link Replacement#NODE_LEFT}
     */
    void onNodesLost(Collection<String> nodeIds, String reason) {
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
    List<Fence> fencesFor(VoiceNode node) {
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
    void fence(Fence f) {
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
    boolean lacksRunningRooms(VoiceNode node, Duration grace) {
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
     * at once, up to {@value BroadcastOrchestrator#MAX_VANISHED_RESTARTS} times in a row (a stream that then stays up a
     * minute resets the count); after that the status shows why and the next event or request tries again.
     */
    void onAnnounced(VoiceNode node, Duration grace) {
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
    void placeAndStart(SessionBroadcast s, VoiceStreamSpec desired, Camera chosen) {
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

    /** After a requested stop: the configuration (and its stream key) is dropped, the room deleted if we made it. */
    void forget(SessionBroadcast s) {
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

    private void withSession(UUID sessionId, Consumer<SessionBroadcast> action) {
        withSession.accept(sessionId, action);
    }

    private void reconcile(SessionBroadcast s) {
        reconcile.accept(s);
    }
}
