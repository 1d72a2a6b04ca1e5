package io.voicebroadcast.gamesession.broadcast;

/** The request cannot apply to the broadcast as it is. The message is safe to show (no URL in it). */
public final class InvalidBroadcastRequestException extends RuntimeException {

    private final String field;

    public InvalidBroadcastRequestException(String message) {
        this(null, message);
    }

    /** @param field the request field at fault (e.g. {@code destinations[1].url}), or null */
    public InvalidBroadcastRequestException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
