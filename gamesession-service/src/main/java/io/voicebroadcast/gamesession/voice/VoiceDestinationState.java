package io.voicebroadcast.gamesession.voice;

import java.time.Instant;

/**
 * One destination of a room's stream, as the voice service reported it; its URL and error masked
 * by the voice service already (and again where this service shows them).
 *
 * @param state         connecting, live, reconnecting or failed
 * @param lastErrorKind rejected, refused, unreachable, tls, timeout or other; null when none
 */
public record VoiceDestinationState(String id, String maskedUrl, String state, Instant since, Long bytesSent, Double bitrateKbps,
                                    Integer reconnects, Long skippedToKeyframe, String lastError, String lastErrorKind) {
}
