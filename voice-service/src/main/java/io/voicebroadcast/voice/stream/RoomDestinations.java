package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.Publisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast's destinations, in the order they were given (the first is the one
 * {@code rtmpOutputUrl} names): one {@link DestinationSupervisor} each, at most
 * {@code maxDestinations}, ids unique. Ids the caller does not give are {@code d1}, {@code d2}, ...
 * in order, never reused within the broadcast. When every destination has failed, the broadcast
 * is told it cannot go on.
 */
final class RoomDestinations implements DestinationSupervisor.Listener {

    private static final Logger log = LoggerFactory.getLogger(RoomDestinations.class);

    /** What the broadcast is told; never under this object's lock. */
    interface Listener {
        void destinationChanged(String id, DestinationState previous, DestinationState now, DestinationSupervisor.Snapshot figures);

        /** No destination is left that can publish ({@code maskedReason}): the broadcast stops with reason error. */
        void allFailed(String maskedReason);
    }

    private final SupervisorContext context;
    private final DestinationSettings settings;
    private final BiFunction<String, OutputTarget, Publisher> launcher;
    private final Listener listener;
    private final Map<String, DestinationSupervisor> byId = new LinkedHashMap<>(); // guarded by this
    /** Every id the broadcast has had or been asked for: an id the service assigns is none of them. */
    private final java.util.Set<String> taken = new java.util.HashSet<>(); // guarded by this
    private int nextNumber = 1; // guarded by this

    RoomDestinations(SupervisorContext context, DestinationSettings settings, BiFunction<String, OutputTarget, Publisher> launcher,
                     Listener listener) {
        this.context = context;
        this.settings = settings;
        this.launcher = launcher;
        this.listener = listener;
    }

    /**
     * Whether a destination could be added now; cheap, for before a URL is probed.
     *
     * @throws DestinationConflictException the id or the URL is taken, or the broadcast has its maximum
     */
    synchronized void checkRoomFor(String id, OutputTarget target) {
        if (byId.size() >= settings.maxDestinations()) {
            throw new DestinationConflictException("The broadcast has its maximum of " + settings.maxDestinations()
                    + " destinations (VOICE_STREAMING_MAX_DESTINATIONS); remove one first");
        }
        if (id != null && byId.containsKey(id)) {
            throw new DestinationConflictException("The broadcast already has a destination '" + id + "'");
        }
        for (DestinationSupervisor d : byId.values()) {
            if (d.target().location().equals(target.location())) {
                throw new DestinationConflictException("Destination '" + d.id() + "' already publishes to " + target.masked()
                        + ": one publish per stream key");
            }
        }
    }

    /** The callers' own ids of destinations about to be added (a start's), so that none is assigned to another first. */
    synchronized void reserve(java.util.Collection<String> ids) {
        ids.stream().filter(java.util.Objects::nonNull).forEach(taken::add);
    }

    /**
     * Adds a destination and starts its publisher.
     *
     * @param id the caller's id, or null for the next {@code dN}
     * @return its id
     */
    String add(String id, OutputTarget target) {
        DestinationSupervisor d;
        synchronized (this) {
            checkRoomFor(id, target);
            String chosen = id != null ? id : nextFreeId();
            taken.add(chosen);
            d = new DestinationSupervisor(context, chosen, target, settings, t -> launcher.apply(chosen, t), this);
            byId.put(chosen, d);
        }
        log.info("room {} destination {}: {}", context.roomTag(), d.id(), target.masked());
        d.start();
        return d.id();
    }

    private String nextFreeId() {
        String id;
        do {
            id = "d" + nextNumber++;
        } while (taken.contains(id));
        return id;
    }

    /**
     * Ends a destination's publish session and forgets it.
     *
     * @throws DestinationNotFoundException    no such destination
     * @throws DestinationConflictException it is the last one (or every other one has failed)
     */
    void remove(String id) {
        DestinationSupervisor d;
        synchronized (this) {
            d = byId.get(id);
            if (d == null) {
                throw new DestinationNotFoundException("The broadcast has no destination '" + id + "'");
            }
            if (byId.size() == 1) {
                throw new DestinationConflictException("'" + id + "' is the broadcast's last destination: stop the stream instead");
            }
            if (byId.values().stream().allMatch(o -> o == d || o.state() instanceof DestinationState.Failed)) {
                throw new DestinationConflictException("Every other destination has failed, so '" + id
                        + "' is the broadcast's last: stop the stream instead");
            }
            byId.remove(id);
        }
        d.stop();
        log.info("room {} destination {} removed", context.roomTag(), id);
        checkAllFailed();
    }

    /**
     * The first destination publishes to {@code target} from now on (keeping its id).
     *
     * @throws DestinationConflictException another destination already publishes there
     */
    void replaceFirst(OutputTarget target) {
        DestinationSupervisor first;
        synchronized (this) {
            checkFirstCanBe(target);
            first = byId.values().iterator().next();
        }
        first.replace(target);
    }

    /**
     * Whether the first destination could publish to {@code target} instead.
     *
     * @throws DestinationConflictException another destination already publishes there
     */
    synchronized void checkFirstCanBe(OutputTarget target) {
        DestinationSupervisor first = byId.values().iterator().next();
        for (DestinationSupervisor d : byId.values()) {
            if (d != first && d.target().location().equals(target.location())) {
                throw new DestinationConflictException("Destination '" + d.id() + "' already publishes to " + target.masked()
                        + ": one publish per stream key");
            }
        }
    }

    /** The first destination's URL, masked; null if there is none. */
    synchronized String firstMasked() {
        return byId.isEmpty() ? null : byId.values().iterator().next().target().masked();
    }

    synchronized boolean isFirstAt(String location) {
        return !byId.isEmpty() && byId.values().iterator().next().target().location().equals(location);
    }

    List<DestinationSupervisor.Snapshot> snapshots() {
        List<DestinationSupervisor> all;
        synchronized (this) {
            all = new ArrayList<>(byId.values());
        }
        return all.stream().map(DestinationSupervisor::snapshot).toList();
    }

    void check(long nowNanos) {
        List<DestinationSupervisor> all;
        synchronized (this) {
            all = new ArrayList<>(byId.values());
        }
        all.forEach(d -> d.check(nowNanos));
    }

    /** Every publish session ends cleanly, each on its own thread, so that one slow destination does not hold the others. */
    void stopAll() {
        List<DestinationSupervisor> all;
        synchronized (this) {
            all = new ArrayList<>(byId.values());
        }
        List<Thread> stopping = new ArrayList<>();
        for (DestinationSupervisor d : all) {
            Thread t = new Thread(d::stop, "destination-stop-" + context.roomTag() + "-" + d.id());
            t.setDaemon(true);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The running publisher's pid of each destination, by id (for operations and tests). */
    synchronized Map<String, Long> publisherPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        byId.forEach((id, d) -> pids.put(id, d.pid()));
        return pids;
    }

    @Override
    public void destinationChanged(DestinationSupervisor d, DestinationState previous, DestinationState now) {
        listener.destinationChanged(d.id(), previous, now, d.snapshot());
        if (now instanceof DestinationState.Failed) {
            checkAllFailed();
        }
    }

    private void checkAllFailed() {
        List<DestinationSupervisor> all;
        synchronized (this) {
            all = new ArrayList<>(byId.values());
        }
        if (all.isEmpty() || !all.stream().allMatch(d -> d.state() instanceof DestinationState.Failed)) {
            return;
        }
        String reason = all.size() == 1 ? "destination " + all.get(0).id() + " failed: " + all.get(0).snapshot().lastError()
                : "every destination failed; last: " + all.get(all.size() - 1).snapshot().lastError();
        listener.allFailed(reason);
    }
}
