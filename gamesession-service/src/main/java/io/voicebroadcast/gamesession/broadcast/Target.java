package io.voicebroadcast.gamesession.broadcast;

/** What a session's broadcast should be doing; the orchestrator drives the voice stream towards it. */
enum Target {
    /** Configured; no camera of the session has been live yet: nothing on air. */
    WAIT_FOR_CAMERA,
    /** On air, with the chosen camera as background (or none: the voice cascade's fallbacks). */
    BROADCAST,
    /** The game ended with no camera left: stopped, still configured; a new camera starts it again. */
    END,
    /** Stop requested: stop the stream, then forget the configuration. */
    REMOVE
}
