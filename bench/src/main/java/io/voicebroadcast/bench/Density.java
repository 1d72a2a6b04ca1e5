package io.voicebroadcast.bench;

import static io.voicebroadcast.bench.VideoScenarios.FRAME;

import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.RtpTone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * How many rooms at 1280x720@30 one machine sustains, ours and the baseline's, as the median of
 * {@link #RUNS} searches, with the machine's steal time and a calibration encode beside it.
 */
record Density(Rig rig, Table table) {

    /** Rooms the issue asks of 2 cores. */
    static final int ROOMS_TARGET = 6;
    /** The density search runs this often for each system; the median is the row. */
    static final int RUNS = 3;

    /**
     * The density search three times for each system (ours, then the baseline, in turn), the
     * median of each reported with every run's result; around them, what the machine was doing:
     * the steal time and CPU busy over the runs, and a calibration encode before and after.
     */
    void run(double[] coresPerRoom) {
        int seconds = rig.quick ? 20 : 60;
        int cores = Runtime.getRuntime().availableProcessors();
        Path clip = rig.media.camera(Colour.RED);
        int calibrationFrames = rig.quick ? 90 : 300;
        MachineLoad.Calibration before = MachineLoad.calibrate(clip, calibrationFrames);
        MachineLoad.CpuTimes start = MachineLoad.CpuTimes.now();
        List<Integer> ours = new ArrayList<>();
        List<Integer> base = new ArrayList<>();
        int oursFrom = firstGuess(cores, coresPerRoom[0]);
        int baseFrom = firstGuess(cores, coresPerRoom[1]);
        for (int run = 1; run <= RUNS; run++) {
            int o = search("ours, run " + run + "/" + RUNS, oursFrom, n -> oursSustain(n, seconds));
            int b = search("baseline, run " + run + "/" + RUNS, baseFrom, n -> baseSustain(n, seconds));
            ours.add(o);
            base.add(b);
            // the next run starts where this one ended
            oursFrom = Math.max(1, o);
            baseFrom = Math.max(1, b);
        }
        MachineLoad.CpuTimes during = MachineLoad.CpuTimes.now().since(start);
        MachineLoad.Calibration after = MachineLoad.calibrate(clip, calibrationFrames);

        double oursMedian = medianOf(ours);
        double baseMedian = medianOf(base);
        table.add(new Table.Row("density", "rooms at 1280x720@30 sustained for " + seconds + " s (speed ≥ 1.0, no dropped frames), median of "
                + RUNS + " runs", oursMedian, baseMedian, "", "≥ baseline, ≥ " + ROOMS_TARGET,
                oursMedian >= baseMedian && oursMedian >= ROOMS_TARGET, cores + " cores; " + runs(ours, base)));
        table.add(new Table.Row("machine", "steal time during the density runs (of all CPU time)", during.stealPercent(), Double.NaN, "%",
                "", null, String.format(Locale.ROOT, "the machine busy %.0f %% of the time, ours and everyone's", during.busyPercent())));
        calibrationRow(table, "before", before);
        calibrationRow(table, "after", after);
    }

    /** "runs: ours 5, 5, 4; baseline 5, 5, 5". */
    static String runs(List<Integer> ours, List<Integer> base) {
        return "runs: ours " + join(ours) + "; baseline " + join(base);
    }

    private static String join(List<Integer> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    static double medianOf(List<Integer> values) {
        return Stats.median(values.stream().map(Integer::doubleValue).toList());
    }

    /**
     * Frames per CPU second tell the machine's speed; per wall second, how much of it the encode
     * got (lower than per CPU second when it waited for a core).
     */
    static void calibrationRow(Table table, String when, MachineLoad.Calibration c) {
        table.add(new Table.Row("machine", "calibration " + when + " the density runs: x264 veryfast 1280x720 on one thread, frames per CPU second",
                c.cpuFps(), Double.NaN, "fps", "", null,
                String.format(Locale.ROOT, "%d frames of the red camera; %.0f frames per wall second", c.frames(), c.wallFps())));
    }

    /** The first number of rooms to try: what the CPU scenario's cores per room suggest, 2 without it. */
    static int firstGuess(int cores, double coresPerRoom) {
        return Double.isNaN(coresPerRoom) ? 2 : Math.max(1, (int) Math.floor(cores * 0.95 / coresPerRoom));
    }

    /** The largest n that passes, starting from {@code n}; at most 3 tries. */
    private static int search(String who, int n, IntPredicate sustains) {
        int best = 0;
        int worst = Integer.MAX_VALUE;
        for (int tries = 0; tries < 3 && n >= 1 && n < worst && n > best; tries++) {
            boolean ok = sustains.test(n);
            Rig.log("density " + who + ": " + n + " rooms " + (ok ? "sustained" : "not sustained"));
            if (ok) {
                best = n;
                n++;
            } else {
                worst = n;
                n--;
            }
        }
        return best;
    }

    private boolean oursSustain(int n, int seconds) {
        List<Double> speeds = new ArrayList<>();
        List<String> keys;
        try (RoomsOnCamera rooms = RoomsOnCamera.start(rig, rig.camera(Colour.RED), n, "density-ours-" + n)) {
            keys = rooms.keys;
            Bench.sleep(10_000);
            for (int s = 0; s < seconds; s += 5) {
                Bench.sleep(5000);
                speeds.addAll(rooms.encoderSpeeds());
            }
        }
        return sustained(keys, speeds, seconds);
    }

    private boolean baseSustain(int n, int seconds) {
        String camera = rig.camera(Colour.RED);
        List<Baseline> bases = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<RtpTone> tones = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int audio = Rig.freeUdpPort();
                tones.add(rig.tone(audio));
                String key = Rig.key("density-base-" + n);
                keys.add(key);
                Baseline b = rig.baseline(key, audio);
                b.start(Baseline.Input.camera(camera));
                bases.add(b);
            }
            Bench.sleep(10_000);
            bases.forEach(Baseline::drainSpeeds);
            Bench.sleep(seconds * 1000L);
            bases.forEach(b -> speeds.addAll(b.drainSpeeds()));
        } finally {
            bases.forEach(Baseline::close);
            tones.forEach(RtpTone::close);
        }
        return sustained(keys, speeds, seconds);
    }

    /**
     * Every room's recording has, over its last {@code seconds} of output, at least 99 % of the
     * frames and no gap over two frame intervals, and the encoders' mean speed is at least 0.99.
     */
    private boolean sustained(List<String> keys, List<Double> speeds, int seconds) {
        double meanSpeed = speeds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        boolean ok = meanSpeed >= 0.99;
        StringBuilder why = new StringBuilder("mean speed " + String.format("%.3f", meanSpeed));
        for (String key : keys) {
            List<Path> recs = Bench.recordings(rig.nginx, key);
            if (recs.size() != 1) {
                ok = false;
                why.append("; ").append(key).append(": ").append(recs.size()).append(" recordings");
                continue;
            }
            List<Double> times = MediaAnalysis.videoFrameTimes(recs.get(0));
            double end = times.isEmpty() ? 0 : times.get(times.size() - 1);
            List<Double> window = times.stream().filter(t -> t >= end - seconds).toList();
            double gap = MediaAnalysis.largestGap(window);
            boolean roomOk = window.size() >= 0.99 * seconds * Media.FPS && gap <= 2 * FRAME + 0.001;
            ok &= roomOk;
            if (!roomOk) {
                why.append("; ").append(key).append(": ").append(window.size()).append(" frames, largest gap ")
                        .append(Math.round(gap * 1000)).append(" ms");
            }
        }
        Rig.log("density check: " + why);
        return ok;
    }
}
