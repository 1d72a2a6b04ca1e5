package io.voicebroadcast.gamesession.broadcast;

/** A session's broadcast as reported: a pure function of where it should be and whether the voice stream runs. */
public enum BroadcastPhase {
    WAITING_FOR_CAMERA,
    STARTING,
    ON_AIR,
    STOPPING,
    ENDED,
    STOPPED;

    static BroadcastPhase of(Target target, boolean streaming, boolean removed) {
        if (removed) {
            return STOPPED;
        }
        return switch (target) {
            case WAIT_FOR_CAMERA -> streaming ? STOPPING : WAITING_FOR_CAMERA;
            case BROADCAST -> streaming ? ON_AIR : STARTING;
            case END -> streaming ? STOPPING : ENDED;
            case REMOVE -> streaming ? STOPPING : STOPPED;
        };
    }
}
