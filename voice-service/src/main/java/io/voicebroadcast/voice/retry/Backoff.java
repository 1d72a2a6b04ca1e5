package io.voicebroadcast.voice.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with jitter: initial, doubling, capped; {@link #reset()} after success. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The next delay: initial * 2^attempt, capped, then reduced by up to 20 % jitter. */
    public synchronized Duration next() {
        long base = initialMillis << Math.min(attempt, 20);
        long capped = Math.min(base, maxMillis);
        attempt++;
        long jitter = (long) (capped * 0.2 * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, capped - jitter));
    }

    public synchronized int attempts() {
        return attempt;
    }

    public synchronized void reset() {
        attempt = 0;
    }
}
