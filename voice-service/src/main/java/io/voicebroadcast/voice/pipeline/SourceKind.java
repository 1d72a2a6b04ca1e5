package io.voicebroadcast.voice.pipeline;

/** The fallback cascade, highest priority first: the declaration order is the cascade's order. */
public enum SourceKind {
    PRIMARY_STREAM,
    FALLBACK_STREAM,
    FALLBACK_IMAGE,
    DEFAULT,
    BLACK
}
