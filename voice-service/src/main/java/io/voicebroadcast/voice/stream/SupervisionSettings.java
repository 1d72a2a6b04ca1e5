package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.retry.Backoff;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a broadcast's encoder is watched and restarted, and how often its health is checked.
 *
 * @param restartOnFailure     VOICE_STREAMING_RESTART_ON_FAILURE: false ends the broadcast at the encoder's first failure
 * @param restartBackoff       the delays before each restart (VOICE_STREAMING_RECONNECT_INITIAL_MS / _MAX_MS), one per broadcast
 * @param maxFailures          VOICE_STREAMING_MAX_ENCODER_FAILURES: this many failures within {@code failureWindow} end the broadcast
 * @param failureWindow        VOICE_STREAMING_FAILURE_WINDOW_SECONDS
 * @param stallTimeout         VOICE_STREAMING_ENCODER_STALL_TIMEOUT_MS: an encoder whose output has not grown this long is killed
 * @param healthCheckInterval  VOICE_STREAMING_HEALTH_CHECK_INTERVAL_SECONDS
 */
public record SupervisionSettings(boolean restartOnFailure, Supplier<Backoff> restartBackoff, int maxFailures,
                                  Duration failureWindow, Duration stallTimeout,
                                  Duration healthCheckInterval) {
}
