package io.voicebroadcast.voice.stream;

/**
 * One slot's sources as a request gives them: for each URL keep, clear or set (unvalidated, secrets
 * inside). In a start, keep means none.
 */
public record SlotCommand(Change<String> backgroundVideoUrl, Change<String> fallbackStreamUrl, Change<String> fallbackImageUrl) {

    /** A slot the request leaves as it is. */
    public static final SlotCommand KEEP = new SlotCommand(Change.keep(), Change.keep(), Change.keep());

    @Override
    public String toString() {
        return "SlotCommand"; // never a URL
    }
}
