package io.voicebroadcast.gamesession.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The cameras game engines announced, by cameraId within game instance. Live cameras stay until
 * they end; ended ones are kept for {@code endedRetention} so that late or repeated events for
 * them are recognised as stale rather than unknown.
 * <p>
 * Ordering is by the events' own timestamps: an update or end older than the newest event
 * applied for the camera is ignored (a start, too: it would revive a camera that ended later).
 * An event with the same timestamp is applied. Thread-safe; plain Java.
 */
public final class CameraRegistry {

    private final Clock clock;
    private final Duration endedRetention;
    private final Map<CameraKey, Camera> cameras = new LinkedHashMap<>();
    private final CameraStore store;

    public CameraRegistry(Clock clock, Duration endedRetention) {
        this(clock, endedRetention, CameraStore.NONE);
    }

    /** With its cameras kept in {@code store}: those stored are known again at once, each change is saved. */
    public CameraRegistry(Clock clock, Duration endedRetention, CameraStore store) {
        this.clock = clock;
        this.endedRetention = endedRetention;
        this.store = store;
        store.loadAll().forEach(c -> cameras.put(c.key(), c));
        forgetExpired();
    }

    /** Knows the cameras as they are stored now (a standby's, at its takeover: the active one changed them meanwhile). */
    public synchronized void reload() {
        cameras.clear();
        store.loadAll().forEach(c -> cameras.put(c.key(), c));
        forgetExpired();
    }

    public synchronized RegistryChange apply(CameraEvent event) {
        forgetExpired();
        Camera before = cameras.get(event.camera());
        // Java 17: no pattern matching for switch yet; the interface is sealed to these three.
        RegistryChange change;
        if (event instanceof CameraEvent.Started s) {
            change = start(s, before);
        } else if (event instanceof CameraEvent.Updated u) {
            change = update(u, before);
        } else {
            change = end((CameraEvent.Ended) event, before);
        }
        if (change instanceof RegistryChange.Applied applied) {
            store.save(applied.after());
            cameras.put(event.camera(), applied.after());
        }
        store.forgetEndedBefore(clock.instant().minus(endedRetention));
        return change;
    }

    private static RegistryChange start(CameraEvent.Started s, Camera before) {
        if (before != null && s.timestamp().isBefore(before.lastEventAt())) {
            return stale(s, before);
        }
        Instant startedAt = before != null && before.isLive() ? before.startedAt() : s.timestamp();
        Camera after = new Camera(s.camera(), s.sessionId(), s.rtmpUrl(), s.displayName(), s.capabilities(),
                CameraState.LIVE, startedAt, s.timestamp(), null);
        return new RegistryChange.Applied(s, before, after);
    }

    private static RegistryChange update(CameraEvent.Updated u, Camera before) {
        if (before == null) {
            return new RegistryChange.UnknownCamera(u);
        }
        if (u.timestamp().isBefore(before.lastEventAt())) {
            return stale(u, before);
        }
        if (!before.isLive()) {
            return new RegistryChange.Ignored(u, "camera " + before.key() + " has ended");
        }
        Camera after = new Camera(before.key(), before.sessionId(),
                u.rtmpUrl() != null ? u.rtmpUrl() : before.rtmpUrl(),
                u.displayName() != null ? u.displayName() : before.displayName(),
                u.capabilities() != null ? u.capabilities() : before.capabilities(),
                CameraState.LIVE, before.startedAt(), u.timestamp(), null);
        return new RegistryChange.Applied(u, before, after);
    }

    private static RegistryChange end(CameraEvent.Ended e, Camera before) {
        if (before == null) {
            return new RegistryChange.UnknownCamera(e);
        }
        if (e.timestamp().isBefore(before.lastEventAt())) {
            return stale(e, before);
        }
        // An end for a camera that already ended is applied: it may say more (e.g. game_ended).
        Camera after = new Camera(before.key(), before.sessionId(), before.rtmpUrl(), before.displayName(),
                before.capabilities(), CameraState.ENDED, before.startedAt(), e.timestamp(), e.reason());
        return new RegistryChange.Applied(e, before, after);
    }

    private static RegistryChange stale(CameraEvent event, Camera before) {
        return new RegistryChange.Ignored(event, "older than the newest event applied for " + before.key()
                + " (" + event.timestamp() + " < " + before.lastEventAt() + ")");
    }

    public synchronized Optional<Camera> find(CameraKey key) {
        return Optional.ofNullable(cameras.get(key));
    }

    /** The live cameras of a session, in start order. */
    public List<Camera> liveCamerasOf(UUID sessionId) {
        return list(c -> c.isLive() && c.belongsTo(sessionId));
    }

    /** The API's listing: live cameras (and ended ones if asked), optionally of one session and one game instance. */
    public List<Camera> list(UUID sessionId, UUID gameInstanceId, boolean includeEnded) {
        return list(c -> (includeEnded || c.isLive())
                && (sessionId == null || c.belongsTo(sessionId))
                && (gameInstanceId == null || c.gameInstanceId().equals(gameInstanceId)));
    }

    /** Cameras matching a filter: live ones first, then by start time. */
    public synchronized List<Camera> list(Predicate<Camera> filter) {
        forgetExpired();
        List<Camera> out = new ArrayList<>();
        for (Camera c : cameras.values()) {
            if (filter.test(c)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing((Camera c) -> !c.isLive()).thenComparing(Camera::startedAt)
                .thenComparing(Camera::cameraId));
        return out;
    }

    private void forgetExpired() {
        Instant cutoff = clock.instant().minus(endedRetention);
        cameras.values().removeIf(c -> !c.isLive() && c.lastEventAt().isBefore(cutoff));
    }
}
