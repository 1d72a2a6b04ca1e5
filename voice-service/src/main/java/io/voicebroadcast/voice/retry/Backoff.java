package io.voicebroadcast.voice.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with jitter: initial, growing by a factor (2 unless given), capped; {@link #reset()} after success. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final double factor;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this(initial, max, 2.0, random);
    }

    public Backoff(Duration initial, Duration max, double factor, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
        if (!(factor >= 1.0)) {
            throw new IllegalArgumentException("backoff needs a factor of at least 1");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.factor = factor;
        this.random = random;
    }

    /** The next delay: initial * factor^attempt, capped, then reduced by up to 20 % jitter. */
    public synchronized Duration next() {
        double base = initialMillis * Math.pow(factor, Math.min(attempt, 64));
        long capped = (long) Math.min(base, maxMillis);
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
