package io.voicebroadcast.voice.audio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test support: plays the frame clock, calling {@link AudioSource#read} every 20 ms and recording
 * each chunk, its return value and how long the call took.
 */
final class FrameClockRecorder implements AutoCloseable {

    record Read(short[] chunk, boolean real, long durationNanos) {
    }

    private final List<Read> reads = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-frame-clock");
        t.setDaemon(true);
        return t;
    });

    private FrameClockRecorder(AudioSource source) {
        clock.scheduleAtFixedRate(() -> {
            short[] chunk = new short[AudioFormat.CHUNK_VALUES];
            long start = System.nanoTime();
            boolean real = source.read(chunk);
            reads.add(new Read(chunk, real, System.nanoTime() - start));
        }, 0, AudioFormat.CHUNK_MILLIS, TimeUnit.MILLISECONDS);
    }

    static FrameClockRecorder start(AudioSource source) {
        return new FrameClockRecorder(source);
    }

    int count() {
        return reads.size();
    }

    List<Read> reads() {
        return List.copyOf(reads);
    }

    /** The left channel of reads [from, to) as doubles in sample units. */
    double[] leftChannel(int from, int to) {
        List<Read> snapshot = reads.subList(from, to);
        double[] out = new double[snapshot.size() * AudioFormat.CHUNK_SAMPLES];
        int o = 0;
        for (Read read : snapshot) {
            for (int i = 0; i < AudioFormat.CHUNK_SAMPLES; i++) {
                out[o++] = read.chunk()[2 * i];
            }
        }
        return out;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
