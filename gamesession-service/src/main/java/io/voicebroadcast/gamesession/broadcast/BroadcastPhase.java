package io.voicebroadcast.gamesession.broadcast;

/** A session's broadcast as reported: a pure function of where it should be and whether the voice stream runs. */
public enum BroadcastPhase {
    WAITING_FOR_CAMERA,
    /** A camera is live but no voice node has a free slot: placed as soon as one frees. */
    WAITING_FOR_CAPACITY,
    STARTING,
    ON_AIR,
    STOPPING,
    ENDED,
    STOPPED;

    static BroadcastPhase of(Target target, boolean streaming, boolean waitingForCapacity, boolean removed) {
        if (removed) {
            return STOPPED;
        }
        return switch (target) {
            case WAIT_FOR_CAMERA -> streaming ? STOPPING : WAITING_FOR_CAMERA;
            case BROADCAST -> streaming ? ON_AIR : waitingForCapacity ? WAITING_FOR_CAPACITY : STARTING;
            case END -> streaming ? STOPPING : ENDED;
            case REMOVE -> streaming ? STOPPING : STOPPED;
        };
    }
}
