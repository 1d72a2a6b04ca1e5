package io.voicebroadcast.voice.audio;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The room's voices mixed on the frame clock's 20 ms tick: one {@link RtpStreamInput} per
 * participant (each RTP stream on its own socket), added and removed while the broadcast runs.
 *
 * <ul>
 *   <li>A source that sent nothing for this tick contributes silence, so one quiet or lost
 *       participant never holds the others back (FFmpeg's amix stalls there).</li>
 *   <li>Each source has a gain and can be excluded: an excluded source is still decoded and metered
 *       (its level stays visible) but is not in the mix. Gain and exclusion changes ramp over one
 *       chunk, so they do not click.</li>
 *   <li>The sum is formed in floating point and goes through a {@link Limiter}: never hard clipping.</li>
 *   <li>{@link #read(short[])} never waits for the network; adding and removing sources from other
 *       threads swaps a snapshot the clock thread picks up on its next tick.</li>
 * </ul>
 */
public final class AudioMixer implements AudioSource {

    /** Gain above +24 dB is a mistake, not a setting. */
    public static final double MAX_GAIN = 16.0;
    private static final int LEVEL_WINDOW_CHUNKS = 10;

    /**
     * @param jitter      per-source jitter buffer (its capacity caps each source's delay)
     * @param limiter     on the sum
     * @param stopTimeout how long removing a source waits for its receiver thread
     */
    public record Settings(JitterBuffer.Settings jitter, Limiter.Settings limiter, Duration stopTimeout) {

        public static final Settings DEFAULTS = new Settings(JitterBuffer.Settings.DEFAULTS, Limiter.Settings.DEFAULTS,
                Duration.ofSeconds(2));

        public Settings {
            Objects.requireNonNull(jitter, "jitter");
            Objects.requireNonNull(limiter, "limiter");
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    /** What the clock thread mixes; replaced (never mutated) on add and remove. */
    private volatile Source[] snapshot = new Source[0];
    private final Object membership = new Object();
    private final Object mixing = new Object();
    private final Limiter limiter;
    /** The counters of sources that were removed, so the room's totals never go down. */
    private RtpTotals retired = RtpTotals.NONE;
    private final float[] mix = new float[AudioFormat.CHUNK_VALUES];
    private volatile boolean closed;

    /** @param nanoTime a monotonic clock, {@code System::nanoTime} in production */
    public AudioMixer(Settings settings, LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.limiter = new Limiter(settings.limiter());
    }

    /**
     * Starts receiving one participant's RTP on {@code socket} (which the mixer owns from now on).
     *
     * @param expectedSender the only address whose packets are taken (RTPEngine's, from its offer)
     * @throws IllegalStateException when {@code id} is already a source or the mixer is closed; the
     *                               socket is closed then too, so a refused port is not leaked
     */
    public void addSource(String id, DatagramSocket socket, RtpPayloadFormat format, InetAddress expectedSender) {
        Objects.requireNonNull(id, "id");
        RtpStreamInput input = new RtpStreamInput(socket, format, expectedSender, settings.jitter(), nanoTime,
                settings.stopTimeout());
        synchronized (membership) {
            if (closed || sources.containsKey(id)) {
                input.close();
                throw new IllegalStateException(closed ? "the mixer is closed" : "source " + id + " is already mixed");
            }
            sources.put(id, new Source(id, format, input.start()));
            publishSnapshot();
        }
    }

    /**
     * Stops and forgets a source; its socket is closed.
     *
     * @return false when there was no such source
     */
    public boolean removeSource(String id) {
        Source removed;
        synchronized (membership) {
            removed = sources.remove(id);
            if (removed == null) {
                return false;
            }
            // Counted as it leaves the snapshot, so the totals never step down (a datagram still in
            // flight to the closing socket is not counted).
            retired = retired.plus(removed.input.stats());
            publishSnapshot();
        }
        // Outside the lock: closing waits for the receiver thread.
        removed.input.close();
        return true;
    }

    /** Counters over every source since the mixer started, removed ones included. */
    public RtpTotals totals() {
        Source[] now;
        RtpTotals sum;
        synchronized (membership) {
            now = snapshot;
            sum = retired;
        }
        for (Source s : now) {
            sum = sum.plus(s.input.stats());
        }
        return sum.withSources(now.length);
    }

    /** @return false when there is no such source */
    public boolean setGain(String id, double linear) {
        if (!(linear >= 0 && linear <= MAX_GAIN)) {
            throw new IllegalArgumentException("gain must be 0.." + MAX_GAIN + " (linear), got " + linear);
        }
        Source source = sources.get(id);
        if (source == null) {
            return false;
        }
        source.gain = linear;
        return true;
    }

    /** @return false when there is no such source; negative infinity mutes */
    public boolean setGainDb(String id, double db) {
        if (Double.isNaN(db) || db > 20 * Math.log10(MAX_GAIN)) {
            throw new IllegalArgumentException("gain must be at most +24 dB, got " + db);
        }
        return setGain(id, db == Double.NEGATIVE_INFINITY ? 0 : Math.pow(10, db / 20));
    }

    /** @return false when there is no such source */
    public boolean setExcluded(String id, boolean excluded) {
        Source source = sources.get(id);
        if (source == null) {
            return false;
        }
        source.excluded = excluded;
        return true;
    }

    public Optional<MixerSourceStatus> source(String id) {
        return Optional.ofNullable(sources.get(id)).map(Source::status);
    }

    /** Every source, in the order they were added. */
    public List<MixerSourceStatus> sources() {
        List<MixerSourceStatus> out = new ArrayList<>();
        for (Source s : snapshot) {
            out.add(s.status());
        }
        return out;
    }

    public int sourceCount() {
        return snapshot.length;
    }

    @Override
    public boolean read(short[] chunk) {
        if (chunk.length != AudioFormat.CHUNK_VALUES) {
            throw new IllegalArgumentException("chunk must hold " + AudioFormat.CHUNK_VALUES + " samples, got " + chunk.length);
        }
        // Uncontended (one clock thread); it only keeps two readers from sharing the scratch buffers.
        synchronized (mixing) {
            Arrays.fill(mix, 0f);
            boolean audible = false;
            for (Source source : snapshot) {
                audible |= source.mixInto(mix);
            }
            limiter.process(mix, chunk, AudioFormat.CHUNK_SAMPLES);
            return audible;
        }
    }

    @Override
    public void close() {
        List<Source> all;
        synchronized (membership) {
            closed = true;
            all = new ArrayList<>(sources.values());
            sources.clear();
            snapshot = new Source[0];
        }
        all.forEach(s -> s.input.close());
    }

    private void publishSnapshot() {
        List<Source> ordered = new ArrayList<>(sources.values());
        ordered.sort((a, b) -> Long.compare(a.order, b.order));
        snapshot = ordered.toArray(new Source[0]);
    }

    private static final class Source {

        private static long counter;

        final String id;
        final RtpPayloadFormat format;
        final RtpStreamInput input;
        final long order;
        volatile double gain = 1.0;
        volatile boolean excluded;
        /** What the last chunk ended with, so changes ramp from there (clock thread only). */
        private double appliedGain = 1.0;
        private final short[] scratch = new short[AudioFormat.CHUNK_VALUES];
        private final double[] meanSquares = new double[LEVEL_WINDOW_CHUNKS];
        private int levelIndex;
        private volatile double levelDbfs = AudioLevel.SILENCE_DBFS;

        Source(String id, RtpPayloadFormat format, RtpStreamInput input) {
            this.id = id;
            this.format = format;
            this.input = input;
            synchronized (Source.class) {
                this.order = counter++;
            }
        }

        /** @return whether it added real audio to the mix */
        boolean mixInto(float[] mix) {
            boolean delivered = input.read(scratch);
            meter(delivered);
            double target = excluded ? 0.0 : gain;
            double start = appliedGain;
            appliedGain = target;
            if (!delivered || (start == 0.0 && target == 0.0)) {
                return false;
            }
            int frames = AudioFormat.CHUNK_SAMPLES;
            if (start == target) {
                float g = (float) (target / 32768.0);
                for (int i = 0; i < mix.length; i++) {
                    mix[i] += scratch[i] * g;
                }
            } else {
                double step = (target - start) / frames;
                for (int f = 0, i = 0; f < frames; f++, i += 2) {
                    float g = (float) ((start + step * (f + 1)) / 32768.0);
                    mix[i] += scratch[i] * g;
                    mix[i + 1] += scratch[i + 1] * g;
                }
            }
            return target > 0;
        }

        private void meter(boolean delivered) {
            double sum = 0;
            if (delivered) {
                for (short s : scratch) {
                    double v = s / 32768.0;
                    sum += v * v;
                }
            }
            meanSquares[levelIndex] = sum / scratch.length;
            levelIndex = (levelIndex + 1) % meanSquares.length;
            double mean = 0;
            for (double m : meanSquares) {
                mean += m;
            }
            double rms = Math.sqrt(mean / meanSquares.length);
            levelDbfs = rms == 0 ? AudioLevel.SILENCE_DBFS : Math.max(AudioLevel.SILENCE_DBFS, 20 * Math.log10(rms));
        }

        MixerSourceStatus status() {
            return new MixerSourceStatus(id, format, gain, excluded, levelDbfs, input.stats());
        }
    }
}
