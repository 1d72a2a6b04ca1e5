package io.voicebroadcast.gamesession.fleet;

/** A voice node's part in the fleet, as it announces it. */
public enum NodeState {
    /** Takes new broadcasts while it has free slots. */
    ACTIVE,
    /** Takes no new broadcast; keeps the ones it has. */
    DRAINING,
    /** Shutting down: its broadcasts have stopped. */
    LEAVING
}
