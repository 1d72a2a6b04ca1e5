package io.voicebroadcast.voice.stream;

import java.util.UUID;

/**
 * An update: null leaves a setting as it is, an empty string clears an optional source.
 */
public record UpdateCommand(UUID roomId, String rtmpOutputUrl, String backgroundVideoUrl, String fallbackStreamUrl,
                            String fallbackImageUrl) {

    public boolean isEmpty() {
        return rtmpOutputUrl == null && backgroundVideoUrl == null && fallbackStreamUrl == null && fallbackImageUrl == null;
    }
}
