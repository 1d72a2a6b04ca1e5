package io.voicebroadcast.gamesession.state;

import io.voicebroadcast.gamesession.events.ProcessedEventIds;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The latest camera eventIds applied, in PostgreSQL (table {@code processed_event}), bounded as
 * the in-memory ones: beyond {@code capacity}, the oldest are deleted.
 */
final class JdbcProcessedEvents implements ProcessedEventIds {

    private final JdbcTemplate jdbc;
    private final int capacity;

    JdbcProcessedEvents(JdbcTemplate jdbc, int capacity) {
        this.jdbc = jdbc;
        this.capacity = capacity;
    }

    @Override
    public boolean contains(UUID eventId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM processed_event WHERE event_id = ?)", Boolean.class,
                eventId));
    }

    @Override
    public void add(UUID eventId) {
        Long seq = jdbc.queryForObject("INSERT INTO processed_event (event_id) VALUES (?) ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id"
                + " RETURNING seq", Long.class, eventId);
        if (seq != null && seq > capacity) {
            jdbc.update("DELETE FROM processed_event WHERE seq <= ?", seq - capacity);
        }
    }
}
