package io.voicebroadcast.voice.stream;

/** HTTP 503 {@code node-draining}: the node takes no new broadcast. The message holds no URL. */
public final class NodeDrainingException extends RuntimeException {

    public NodeDrainingException(String message) {
        super(message);
    }
}
