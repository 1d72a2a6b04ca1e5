package io.voicebroadcast.voice.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Keeps a mix of several voices under full scale without hard clipping and without lookahead (no
 * added delay).
 *
 * <ul>
 *   <li>A peak envelope of both channels (linked, so the stereo image does not move) rises with
 *       {@link Settings#attack()}, stays for {@link Settings#hold()} and falls with
 *       {@link Settings#release()}. Both are long against
 *       a voice's waveform, so the gain moves like a fader, not like a waveshaper.</li>
 *   <li>The gain follows a soft-knee curve of infinite ratio: below {@code ceiling - knee/2} it is
 *       exactly 1 (a mix that fits passes bit for bit), in the knee it bends smoothly, above it
 *       holds the envelope at the ceiling.</li>
 *   <li>Without lookahead, the first milliseconds of a sudden peak outrun the attack. That
 *       overshoot goes through a soft saturation that levels off at 0.99 of full scale, so no
 *       sample is flattened against the rail.</li>
 * </ul>
 *
 * <p>Works on interleaved stereo floats where 1.0 is full scale (a sample of 32768); not thread-safe (the mixer's clock
 * thread owns it).
 */
public final class Limiter {

    /**
     * @param ceilingDbfs the highest peak the envelope is held to, in dBFS (below 0)
     * @param kneeDb      width of the soft knee around the ceiling
     */
    public record Settings(double ceilingDbfs, double kneeDb, Duration attack, Duration hold, Duration release) {

        /**
         * -1 dBFS ceiling, 6 dB knee, 0.5 ms attack (the envelope catches a sudden peak within about a
         * millisecond), 10 ms hold (longer than a voice's pitch period and the beat of two voices,
         * so the envelope does not sag between their peaks and the gain does not ripple with the
         * waveform), 150 ms release.
         */
        public static final Settings DEFAULTS = new Settings(-1.0, 6.0, Duration.ofNanos(500_000), Duration.ofMillis(10),
                Duration.ofMillis(150));

        public Settings {
            Objects.requireNonNull(attack, "attack");
            Objects.requireNonNull(hold, "hold");
            Objects.requireNonNull(release, "release");
            if (!(ceilingDbfs < 0 && ceilingDbfs >= -24)) {
                throw new IllegalArgumentException("limiter ceiling must be -24..0 dBFS (exclusive), got " + ceilingDbfs);
            }
            if (!(kneeDb >= 0 && kneeDb <= 24)) {
                throw new IllegalArgumentException("limiter knee must be 0..24 dB, got " + kneeDb);
            }
            if (attack.isNegative() || attack.compareTo(Duration.ofMillis(100)) > 0) {
                throw new IllegalArgumentException("limiter attack must be 0..100 ms, got " + attack);
            }
            if (hold.isNegative() || hold.compareTo(Duration.ofMillis(100)) > 0) {
                throw new IllegalArgumentException("limiter hold must be 0..100 ms, got " + hold);
            }
            if (release.compareTo(attack) < 0 || release.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("limiter release must be attack..5 s, got " + release);
            }
        }
    }

    /**
     * Where the saturation levels off, below full scale: a 16-bit sample never reaches the rail,
     * even for an overshoot many times the ceiling.
     */
    private static final double SATURATION_LIMIT = 0.99;

    private final double ceiling;
    private final double ceilingDb;
    private final double kneeDb;
    private final double kneeStart;
    private final double attackCoefficient;
    private final double releaseCoefficient;
    private final long holdSamples;
    private double envelope;
    private long holdLeft;
    private double lastGain = 1.0;

    public Limiter(Settings settings) {
        this.ceilingDb = settings.ceilingDbfs();
        this.ceiling = Math.pow(10, ceilingDb / 20);
        this.kneeDb = settings.kneeDb();
        this.kneeStart = Math.pow(10, (ceilingDb - kneeDb / 2) / 20);
        this.attackCoefficient = coefficient(settings.attack());
        this.releaseCoefficient = coefficient(settings.release());
        this.holdSamples = settings.hold().toNanos() * AudioFormat.SAMPLE_RATE / 1_000_000_000L;
    }

    private static double coefficient(Duration time) {
        double samples = time.toNanos() * 1e-9 * AudioFormat.SAMPLE_RATE;
        return samples <= 0 ? 0 : Math.exp(-1 / samples);
    }

    /**
     * Limits {@code mix} (interleaved stereo, 1.0 = full scale) into {@code out} as s16.
     *
     * @param frames stereo frames to process
     */
    public void process(float[] mix, short[] out, int frames) {
        for (int f = 0, i = 0; f < frames; f++, i += 2) {
            double left = mix[i];
            double right = mix[i + 1];
            double peak = Math.max(Math.abs(left), Math.abs(right));
            if (peak > envelope) {
                envelope = attackCoefficient * envelope + (1 - attackCoefficient) * peak;
                holdLeft = holdSamples;
            } else if (holdLeft > 0) {
                holdLeft--;
            } else {
                envelope = releaseCoefficient * envelope + (1 - releaseCoefficient) * peak;
            }
            double gain = gainFor(envelope);
            lastGain = gain;
            out[i] = toShort(saturate(left * gain));
            out[i + 1] = toShort(saturate(right * gain));
        }
    }

    /** The gain applied to the last frame (1.0 when nothing is limited), for meters and tests. */
    public double lastGain() {
        return lastGain;
    }

    public double ceiling() {
        return ceiling;
    }

    /** The static curve: output level / input level for an envelope of {@code level}. */
    private double gainFor(double level) {
        if (level <= kneeStart) {
            return 1.0;
        }
        double inDb = 20 * Math.log10(level);
        double over = inDb - ceilingDb;
        double outDb;
        if (kneeDb > 0 && over < kneeDb / 2) {
            double x = over + kneeDb / 2;
            outDb = inDb - x * x / (2 * kneeDb);
        } else {
            outDb = ceilingDb;
        }
        return Math.pow(10, (outDb - inDb) / 20);
    }

    /** Identity up to the ceiling, then a tanh curve towards (never onto) {@link #SATURATION_LIMIT}. */
    private double saturate(double x) {
        double magnitude = Math.abs(x);
        if (magnitude <= ceiling) {
            return x;
        }
        double headroom = SATURATION_LIMIT - ceiling;
        double bent = ceiling + headroom * Math.tanh((magnitude - ceiling) / headroom);
        return Math.copySign(bent, x);
    }

    private static short toShort(double x) {
        // The same scale as the mixer's input (s / 32768), so a mix that fits passes bit for bit;
        // saturate() keeps |x| < 0.99, the clamp is only a guard.
        long v = Math.round(x * 32768.0);
        return (short) Math.max(-32768, Math.min(32767, v));
    }
}
