package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.retry.Backoff;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The node's decoders, one per input: rooms that show the same input (the same location, decoded
 * the same way) share one {@link SharedDecoder}, opened by the first room, closed by the last.
 * Every room keeps its own cascade, queue and loss rule; a shared decoder's loss is seen by every
 * room that uses it, and a room that switches away leaves the others untouched.
 */
public final class DecoderPool {

    /**
     * What makes two rooms' inputs one decoder: where it is read, the size it is scaled to (a
     * layout's slot has its own) and whether its picture is checked.
     */
    private record Key(String location, VideoFormat format, boolean checkPicture) {
        @Override
        public String toString() {
            return "Key[" + format.size() + ", " + checkPicture + "]"; // never the location
        }
    }

    private final StreamSource.DecoderSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Backoff> backoff;
    private final LongSupplier nanoTime;
    private final Map<Key, SharedDecoder> decoders = new ConcurrentHashMap<>();
    private final AtomicInteger numbers = new AtomicInteger();

    public DecoderPool(StreamSource.DecoderSettings settings, ScheduledExecutorService scheduler, Supplier<Backoff> backoff,
                       LongSupplier nanoTime) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
    }

    public StreamSource.DecoderSettings settings() {
        return settings;
    }

    public LongSupplier nanoTime() {
        return nanoTime;
    }

    /**
     * The decoder of {@code input} with {@code subscriber} among its subscribers: the running one,
     * or a new one started for it.
     *
     * @param format what it is decoded to: the room's format, or a layout slot's size at the room's rate
     * @param masker masks what a new decoder prints (it prints nothing but its own input)
     */
    SharedDecoder subscribe(MediaInput input, VideoFormat format, boolean checkPicture, UnaryOperator<String> masker,
                            SharedDecoder.Subscriber subscriber) {
        Key key = new Key(input.location(), format, checkPicture);
        while (true) {
            SharedDecoder d = decoders.computeIfAbsent(key, k -> newDecoder(k, input, masker));
            if (d.subscribe(subscriber)) {
                return d;
            }
            decoders.remove(key, d); // its last subscriber left as this one came: make another
        }
    }

    private SharedDecoder newDecoder(Key key, MediaInput input, UnaryOperator<String> masker) {
        String name = "decoder-" + numbers.incrementAndGet() + (input.live() ? "-live" : "-file");
        SharedDecoder[] self = new SharedDecoder[1];
        self[0] = new SharedDecoder(name, input, settings, key.format(), key.checkPicture(), masker, scheduler, backoff.get(), nanoTime,
                () -> decoders.remove(key, self[0]));
        return self[0];
    }

    /**
     * The largest size this node decodes {@code input} at now, with frames already, other than
     * {@code except}: a new slot can show those frames scaled ({@link ScaledSource}) while its own
     * decoder waits for a keyframe.
     */
    public Optional<VideoFormat> decodedSize(MediaInput input, boolean checkPicture, VideoFormat except) {
        return decoders.entrySet().stream()
                .filter(e -> e.getKey().location().equals(input.location()) && e.getKey().checkPicture() == checkPicture
                        && !e.getKey().format().equals(except) && e.getValue().frames() > 0)
                .map(e -> e.getKey().format())
                .max(Comparator.comparingLong(f -> (long) f.width() * f.height()));
    }

    /** Decoders running (or between two runs) on this node now. */
    public int decoders() {
        return decoders.size();
    }

    /** Rooms' subscriptions to them: more than {@link #decoders()} when rooms share. */
    public int subscriptions() {
        return decoders.values().stream().mapToInt(SharedDecoder::subscribers).sum();
    }
}
