package io.voicebroadcast.voice.fleet;

/** A node's part in the fleet: taking broadcasts, finishing the ones it has, or going away. */
public enum NodeState {
    /** Takes new broadcasts while it has free slots. */
    ACTIVE,
    /** Takes no new broadcast; the ones it streams go on until they stop or it leaves. */
    DRAINING,
    /** Shutting down: its broadcasts have stopped; its last announcement. */
    LEAVING;

    public String wireName() {
        return name().toLowerCase();
    }
}
