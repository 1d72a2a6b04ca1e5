package io.voicebroadcast.gamesession.events;

/** What became of a valid camera event. Invalid ones are dead-lettered instead. */
public enum EventOutcome {
    /** Applied to the registry and the orchestration rules. */
    APPLIED,
    /** An event with this eventId was applied before; nothing changed. */
    DUPLICATE,
    /** Older than what the registry holds for the camera, or an update for a camera that has ended. */
    IGNORED
}
