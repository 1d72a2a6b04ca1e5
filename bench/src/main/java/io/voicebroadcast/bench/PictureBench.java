package io.voicebroadcast.bench;

import io.voicebroadcast.voice.pipeline.PictureCheck;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The picture check's cost, in this JVM with our class: {@link PictureCheck#measure} over many
 * 1280x720 frames (what each live source's reader thread does once per frame), black and frozen
 * checks both on. Timed by the thread's CPU time, so that the other processes on the machine do
 * not count. The frames are noise (every sample differs: no branch to predict) and more than fit
 * in the cache, as frames fresh from a decoder are.
 */
final class PictureBench {

    private static final int FRAMES_IN_ROTATION = 16;
    private static final int WARM_UP = 50_000;
    private static final int ROUNDS = 5;
    /** Where the measurements go, so that the JIT cannot drop the work. */
    static volatile double blackhole;

    private PictureBench() {
    }

    static void run(Table table, boolean quick) {
        VideoFormat format = Rig.FORMAT;
        PictureCheck check = new PictureCheck(format,
                new PictureCheck.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 32, 24, 2.0));
        byte[][] frames = noiseFrames(format);
        int perRound = quick ? 20_000 : 100_000;
        long interval = format.frameIntervalNanos();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        double sink = measure(check, frames, WARM_UP, 0, interval);
        List<Double> nanosPerFrame = new ArrayList<>();
        long at = WARM_UP;
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            sink += measure(check, frames, perRound, at, interval);
            nanosPerFrame.add((double) (threads.getCurrentThreadCpuTime() - cpu) / perRound);
            at += perRound;
        }
        double ns = Stats.median(nanosPerFrame);
        double percent = ns * format.fps() / 1e9 * 100;
        blackhole = sink;
        String n = "median of " + ROUNDS + " runs of " + perRound + " frames, " + check.samples() + " luma samples each";
        table.add(new Table.Row("picture check", "CPU per frame, " + format.size() + " (black and frozen checks)", ns, Double.NaN,
                "ns", "", null, n));
        table.add(new Table.Row("picture check", "share of one core per live source at " + format.fps() + " fps", percent, Double.NaN,
                "% of a core", "≤ 0.5 %", percent <= 0.5, "no baseline: its FFmpeg cannot tell a black camera"));
    }

    /** Measures {@code count} frames as if they arrived one frame interval apart from frame {@code from}. */
    private static double measure(PictureCheck check, byte[][] frames, int count, long from, long interval) {
        double sink = 0;
        for (int i = 0; i < count; i++) {
            sink += check.measure(frames[i % FRAMES_IN_ROTATION], (from + i) * interval).coverage();
        }
        return sink;
    }

    private static byte[][] noiseFrames(VideoFormat format) {
        Random random = new Random(4);
        byte[][] frames = new byte[FRAMES_IN_ROTATION][format.frameBytes()];
        for (byte[] f : frames) {
            random.nextBytes(f);
        }
        return frames;
    }
}
