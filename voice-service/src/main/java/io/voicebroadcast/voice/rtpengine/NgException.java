package io.voicebroadcast.voice.rtpengine;

/**
 * An ng command that did not succeed. Each kind says whether trying again later can help: an
 * RTPEngine that is down or slow may answer later; an error reply or a broken reply will not change
 * by itself.
 */
public abstract sealed class NgException extends RuntimeException
        permits NgErrorException, NgTimeoutException, NgProtocolException, NgTransportException {

    private final String command;

    NgException(String command, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
    }

    /** The ng command, e.g. {@code subscribe request}. */
    public String command() {
        return command;
    }

    /** Whether the same command may succeed later without anything else changing. */
    public abstract boolean retryable();
}
