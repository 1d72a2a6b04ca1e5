package io.voicebroadcast.voice.stream;

import java.util.UUID;

/** An update as the coordinator takes it: for each URL, keep, clear or set (unvalidated, secrets inside). */
public record UpdateCommand(UUID roomId, Change<String> rtmpOutputUrl, Change<String> backgroundVideoUrl,
                            Change<String> fallbackStreamUrl, Change<String> fallbackImageUrl) {

    public boolean isEmpty() {
        return rtmpOutputUrl.isKeep() && backgroundVideoUrl.isKeep() && fallbackStreamUrl.isKeep() && fallbackImageUrl.isKeep();
    }
}
