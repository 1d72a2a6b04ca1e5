package io.voicebroadcast.voice.stream;

/** Why an encoder run ended by itself, as its restart is counted. */
public enum EncoderExit {
    /** It exited (crashed, or was killed from outside). */
    EXITED("encoder exited"),
    /** Its output stopped growing for the stall timeout, and it was killed. */
    STALLED("encoder stalled"),
    /** It could not be started at all. */
    NOT_STARTED("encoder could not start");

    private final String description;

    EncoderExit(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
