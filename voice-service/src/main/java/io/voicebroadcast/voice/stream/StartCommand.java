package io.voicebroadcast.voice.stream;

import java.util.UUID;

/** A start request as the coordinator takes it; URLs unvalidated, secrets inside. */
public record StartCommand(UUID roomId, String rtmpOutputUrl, String backgroundVideoUrl, String fallbackStreamUrl,
                           String fallbackImageUrl, String audioCodec, String audioBitrate) {
}
