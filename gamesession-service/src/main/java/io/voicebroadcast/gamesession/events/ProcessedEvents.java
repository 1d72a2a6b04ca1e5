package io.voicebroadcast.gamesession.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The IDs of the latest events applied, so that a redelivered or re-published event (same
 * eventId) is applied once. Bounded: the oldest IDs are forgotten first; the registry's
 * timestamps still make a very late duplicate of an update or end harmless.
 */
final class ProcessedEvents implements ProcessedEventIds {

    private final Map<UUID, Boolean> ids;

    ProcessedEvents(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean contains(UUID eventId) {
        return ids.containsKey(eventId);
    }

    @Override
    public synchronized void add(UUID eventId) {
        ids.put(eventId, Boolean.TRUE);
    }
}
