package io.voicebroadcast.voice.dashboard;

import io.voicebroadcast.voice.events.OutboundEvent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Each broadcast's last client events, as they leave for the clients (the same JSON), for the
 * dashboard; each one also tells the feed that something changed ({@link #onChange}). Called on the broadcasts'
 * threads (the frame clock's among them): it only appends under a short lock.
 */
public final class RecentEvents implements Consumer<OutboundEvent> {

    /** Events kept per broadcast. */
    public static final int PER_ROOM = 20;

    private final Map<UUID, ArrayDeque<OutboundEvent>> byRoom = new ConcurrentHashMap<>();
    private volatile Runnable changed = () -> { };

    /** Told after each event (the feed's {@link DashboardFeed#changed}); must not block. */
    public void onChange(Runnable changed) {
        this.changed = changed;
    }

    @Override
    public void accept(OutboundEvent event) {
        ArrayDeque<OutboundEvent> events = byRoom.computeIfAbsent(event.roomId(), id -> new ArrayDeque<>(PER_ROOM));
        synchronized (events) {
            if (events.size() == PER_ROOM) {
                events.pollFirst();
            }
            events.addLast(event);
        }
        changed.run();
    }

    /** The room's last events, oldest first. */
    public List<OutboundEvent> of(UUID roomId) {
        ArrayDeque<OutboundEvent> events = byRoom.get(roomId);
        if (events == null) {
            return List.of();
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Forgets the rooms that are not in {@code keep} (broadcasts that ended). */
    public void retainOnly(Collection<UUID> keep) {
        byRoom.keySet().retainAll(keep);
    }
}
