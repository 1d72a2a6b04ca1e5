package io.voicebroadcast.security.dashboard;

/** HTTP 503: the node has its maximum of dashboards watching. The message is shown to the caller. */
public class TooManyViewersException extends RuntimeException {

    public TooManyViewersException(String message) {
        super(message);
    }
}
