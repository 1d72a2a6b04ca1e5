package io.voicebroadcast.voice.stream;

public enum StreamHealth {
    HEALTHY,
    DEGRADED,
    UNHEALTHY,
    STOPPED
}
