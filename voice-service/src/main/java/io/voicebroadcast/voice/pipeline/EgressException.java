package io.voicebroadcast.voice.pipeline;

/**
 * A URL's host may not be connected to now. Messages name the field's host and the address, never
 * a path, a query or user info.
 */
public abstract sealed class EgressException extends RuntimeException
        permits EgressException.NotAllowed, EgressException.Unresolved {

    private EgressException(String message) {
        super(message);
    }

    /** The host's address is refused by the egress policy. */
    public static final class NotAllowed extends EgressException {
        public NotAllowed(String message) {
            super(message);
        }
    }

    /** The host's name does not resolve (now). */
    public static final class Unresolved extends EgressException {
        public Unresolved(String message) {
            super(message);
        }
    }
}
