package io.voicebroadcast.gamesession.voice;

import java.time.Duration;

/**
 * How one call to the voice service is retried: up to {@code attempts} in all, waiting
 * {@code initialBackoff}, then twice as long each time, at most {@code maxBackoff}.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before attempt {@code n + 1}, after {@code n} failed attempts (n >= 1). */
    public Duration backoffAfter(int failedAttempts) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < failedAttempts && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
