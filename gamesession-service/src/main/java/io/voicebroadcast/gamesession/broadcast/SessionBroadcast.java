package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.security.StreamKeyMasker;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's broadcast: its configuration, where it should be ({@link Target}) and what the
 * voice service was last told ({@code actual}). Mutated only by the orchestrator while it holds
 * {@link #lock}; readers take {@link #status()}, an immutable snapshot published after each change.
 */
final class SessionBroadcast {

    final UUID sessionId;
    final ReentrantLock lock = new ReentrantLock();

    BroadcastConfig config;
    Target target = Target.WAIT_FOR_CAMERA;
    /** The voice room, on {@link #nodeId}; null until the first start creates one (or the configuration names one). */
    volatile UUID roomId;
    /** The voice node holding the broadcast (its room is there); null until placed. Read by placement without the lock. */
    volatile String nodeId;
    /** Counts this session's placements: the latest one owns the broadcast (an older node still streaming it is fenced). */
    long epoch;
    Instant placedAt;
    /** No node has a free slot: the start waits (phase waiting_for_capacity) and is tried at every tick. */
    boolean waitingForCapacity;
    Replacement lastReplacement;
    /** Since when the voice stream runs (its last start); null when not streaming. Read without the lock. */
    volatile Instant streamingSince;
    /** Starts again after the stream stopped on its node by itself, in a row (see the orchestrator's onAnnounced). */
    int vanishedRestarts;
    /** Nodes this broadcast just left for good (lost, left): never placed there again until it is on air elsewhere. */
    java.util.Set<String> avoidNodes = java.util.Set.of();
    boolean roomCreatedHere;
    CameraKey manualCamera;
    /** Cameras selected by hand for the layout's later slots, by slot. */
    final Map<Integer, CameraKey> manualSlots = new HashMap<>();
    /** The cameras {@code actual} shows in the layout's later slots (slot 1 first; null: none). */
    List<Camera> slotCamerasOnAir = List.of();
    /**
     * What the voice stream runs with, as far as the calls that succeeded say (its destinations in
     * the voice service's order, its first one first); null when not streaming.
     */
    volatile VoiceStreamSpec actual;
    /** The camera whose URL {@code actual} has as background. */
    Camera cameraOnAir;
    BroadcastError lastError;
    int failedReconciles;
    Instant nextRetryAt;
    boolean removed;
    /** The last save to the store failed: saved again at the next tick. */
    boolean unsaved;
    /** As the store has it (null: not saved yet). */
    BroadcastRecord saved;
    private volatile BroadcastStatus status;

    SessionBroadcast(UUID sessionId) {
        this.sessionId = sessionId;
    }

    BroadcastStatus status() {
        return status;
    }

    void publish(Instant now) {
        status = new BroadcastStatus(sessionId, BroadcastPhase.of(target, actual != null, waitingForCapacity, removed), roomId,
                nodeId == null ? null : new BroadcastStatus.Placement(nodeId, epoch, placedAt), lastReplacement, config.maskedOutput(),
                config.destinations().stream().map(d -> new BroadcastStatus.Destination(d.id(), d.maskedUrl())).toList(),
                maskOrNull(config.fallbackStreamUrl()),
                maskOrNull(config.fallbackImageUrl()), config.cameraPreference(),
                manualCamera == null ? CameraSelection.PREFERENCE : CameraSelection.MANUAL,
                manualCamera == null ? null : manualCamera.cameraId(), cameraOnAir, lastError, now, config.layout(),
                config.slotCameraPreferences(), slotCamerasOnAir.stream().map(c -> c == null ? "" : c.cameraId()).toList());
    }

    /** What a store keeps of it. */
    BroadcastRecord record() {
        return new BroadcastRecord(config, target.name().toLowerCase(java.util.Locale.ROOT), roomId, roomCreatedHere, nodeId, epoch, placedAt,
                lastReplacement, manualCamera, Map.copyOf(manualSlots), actual != null, cameraOnAir == null ? null : cameraOnAir.key(),
                slotCamerasOnAir.stream().map(c -> c == null ? null : c.key()).collect(java.util.stream.Collectors.toList()));
    }

    /**
     * A broadcast as a store kept it, its cameras looked up in the registry (one no longer known is
     * none); not on air until the orchestrator has adopted its voice stream.
     */
    static SessionBroadcast restored(BroadcastRecord r, java.util.function.Function<CameraKey, Camera> cameras) {
        SessionBroadcast s = new SessionBroadcast(r.sessionId());
        s.config = r.config();
        s.target = Target.valueOf(r.target().toUpperCase(java.util.Locale.ROOT));
        s.roomId = r.roomId();
        s.roomCreatedHere = r.roomCreatedHere();
        s.nodeId = r.nodeId();
        s.epoch = r.epoch();
        s.placedAt = r.placedAt();
        s.lastReplacement = r.lastReplacement();
        s.saved = r;
        s.manualCamera = r.manualCamera();
        s.manualSlots.putAll(r.manualSlots());
        s.cameraOnAir = r.cameraOnAir() == null ? null : cameras.apply(r.cameraOnAir());
        s.slotCamerasOnAir = r.slotCamerasOnAir().stream().map(k -> k == null ? null : cameras.apply(k))
                .collect(java.util.stream.Collectors.toList());
        return s;
    }

    private static String maskOrNull(String url) {
        return url == null ? null : StreamKeyMasker.mask(url);
    }
}
