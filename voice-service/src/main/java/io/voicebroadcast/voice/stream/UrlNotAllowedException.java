package io.voicebroadcast.voice.stream;

/**
 * A request URL whose host the egress policy refuses (a 400 of its own type, naming the field).
 * The message holds the masked URL and the address, never a key.
 */
public final class UrlNotAllowedException extends InvalidStreamRequestException {

    private final String field;

    public UrlNotAllowedException(String field, String maskedUrl, String reason) {
        super(field + ": " + maskedUrl + " is not allowed: " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
