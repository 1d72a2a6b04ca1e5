package io.voicebroadcast.voice.pipeline;

import java.time.Duration;

/**
 * When a source counts as lost and when it is back.
 *
 * @param threshold    no frame for this long: lost (VOICE_STREAMING_INPUT_LOSS_THRESHOLD_MS)
 * @param recoveryHold a lost source that delivers again is back once it has delivered steadily
 *                     (no gap over the threshold) this long, so a flapping camera cannot make the
 *                     output flap (VOICE_STREAMING_RECOVERY_HOLD_MS; zero: back on its first frame)
 */
public record LossRule(Duration threshold, Duration recoveryHold) {

    public LossRule {
        if (threshold.isNegative() || threshold.isZero() || recoveryHold.isNegative()) {
            throw new IllegalArgumentException("the loss threshold must be positive and the recovery hold not negative");
        }
    }
}
