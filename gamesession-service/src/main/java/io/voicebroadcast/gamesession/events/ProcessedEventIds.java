package io.voicebroadcast.gamesession.events;

import java.util.UUID;

/**
 * The eventIds of the latest camera events applied, so that a redelivered or re-published event is
 * applied once: in memory ({@link ProcessedEvents}) or in the database. Bounded either way.
 */
public interface ProcessedEventIds {

    boolean contains(UUID eventId);

    void add(UUID eventId);
}
