package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.voice.VoiceOperation;
import java.time.Instant;

/**
 * The last failed call to the voice service for a session, until a later call succeeds.
 *
 * @param message     masked
 * @param httpStatus  null when the voice service did not answer
 * @param retrying    whether the orchestrator retries by itself (no answer, 5xx) or waits for the next event or request (4xx)
 * @param nextRetryAt when it retries; null when it does not
 */
public record BroadcastError(VoiceOperation operation, String message, Integer httpStatus, Instant at, boolean retrying,
                             Instant nextRetryAt) {
}
