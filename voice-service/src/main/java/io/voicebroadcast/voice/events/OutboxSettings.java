package io.voicebroadcast.voice.events;

import java.time.Duration;

/**
 * How the {@link EventOutbox} buffers and retries.
 *
 * @param capacity      events that may wait behind the one being delivered; beyond it the oldest is dropped
 * @param retryInitial  the first pause after a failed delivery; it doubles per failure...
 * @param retryMax      ...up to this cap, and starts again after a success
 * @param drainTimeout  how long shutdown waits for the buffer to empty before giving up (and saying so)
 */
public record OutboxSettings(int capacity, Duration retryInitial, Duration retryMax, Duration drainTimeout) {

    public OutboxSettings {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retry needs 0 < initial <= max");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative");
        }
    }
}
