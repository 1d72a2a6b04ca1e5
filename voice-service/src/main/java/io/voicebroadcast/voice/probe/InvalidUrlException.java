package io.voicebroadcast.voice.probe;

/**
 * A request URL refused by {@link UrlPolicy}. The message names the JSON field, the reason and the
 * masked URL only: it can be logged and returned to the caller as it is.
 */
public class InvalidUrlException extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidUrlException(String field, String reason, String maskedUrl) {
        super(field + ": " + reason + " (got " + maskedUrl + ")");
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
