package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.RtpTone;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Start, camera switch, input loss: ours and the baseline, side by side ({@link CpuAndMemory} and {@link Density} the costs). */
final class VideoScenarios {

    static final double FRAME = 1.0 / Media.FPS;
    static final int RUN = 3;                  // frames in a row that make a colour "on air"
    static final long EVENT_TIMEOUT_MS = 10_000;

    private final Rig rig;
    private final Table table;

    VideoScenarios(Rig rig, Table table) {
        this.rig = rig;
        this.table = table;
    }

    static double ms(double seconds) {
        return seconds * 1000;
    }

    // ------------------------------------------------------------------ start

    void start() {
        Ours ours = rig.main();
        String camera = rig.camera(Colour.RED);
        List<Double> oursFirst = new ArrayList<>();
        List<Double> oursCamera = new ArrayList<>();
        List<Double> oursAfterKey = new ArrayList<>();
        List<Double> baseFirst = new ArrayList<>();
        List<Double> baseCamera = new ArrayList<>();
        List<Double> baseAfterKey = new ArrayList<>();
        int reps = rig.reps(5);
        for (int i = 0; i < reps; i++) {
            String key = Rig.key("start-ours");
            UUID room = ours.createRoom();
            try (Watcher out = Watcher.start(rig.out(key))) {
                Bench.sleep(500);
                int port = ours.start(room, rig.out(key), camera, null);
                long t0 = System.nanoTime();
                try (Watcher keyframe = Watcher.start(camera); RtpTone tone = rig.tone(port)) {
                    oursFirst.add(out.firstFrame(t0, EVENT_TIMEOUT_MS));
                    double cam = out.firstOf(Colour.RED, t0, RUN, EVENT_TIMEOUT_MS);
                    oursCamera.add(cam);
                    oursAfterKey.add(cam - keyframe.firstFrame(t0, EVENT_TIMEOUT_MS));
                }
                ours.stop(room);
            } finally {
                ours.deleteRoom(room);
            }

            String bkey = Rig.key("start-base");
            int audio = Rig.freeUdpPort();
            try (Watcher out = Watcher.start(rig.out(bkey)); RtpTone tone = rig.tone(audio)) {
                Bench.sleep(500);
                Baseline base = rig.baseline(bkey, audio);
                long t0 = System.nanoTime();
                base.start(Baseline.Input.camera(camera));
                try (Watcher keyframe = Watcher.start(camera)) {
                    baseFirst.add(out.firstFrame(t0, EVENT_TIMEOUT_MS));
                    double cam = out.firstOf(Colour.RED, t0, RUN, EVENT_TIMEOUT_MS);
                    baseCamera.add(cam);
                    baseAfterKey.add(cam - keyframe.firstFrame(t0, EVENT_TIMEOUT_MS));
                }
                base.close();
            }
            Rig.log("start " + (i + 1) + "/" + reps + ": ours first frame " + oursFirst.get(i) + " s, camera " + oursCamera.get(i)
                    + " s; baseline first frame " + baseFirst.get(i) + " s, camera " + baseCamera.get(i) + " s");
        }
        String n = reps + " starts";
        table.add(new Table.Row("start", "response → first output frame, median", ms(Stats.median(oursFirst)), ms(Stats.median(baseFirst)),
                "ms", "≤ 1000 ms", ms(Stats.median(oursFirst)) <= 1000, n));
        table.add(new Table.Row("start", "response → first output frame, p95", ms(Stats.p95(oursFirst)), ms(Stats.p95(baseFirst)),
                "ms", "≤ 1000 ms", ms(Stats.p95(oursFirst)) <= 1000, n));
        table.add(new Table.Row("start", "response → camera on air, median", ms(Stats.median(oursCamera)), ms(Stats.median(baseCamera)),
                "ms", "", null, n));
        table.add(new Table.Row("start", "response → camera on air, p95", ms(Stats.p95(oursCamera)), ms(Stats.p95(baseCamera)),
                "ms", "", null, n));
        table.add(new Table.Row("start", "camera on air after its first keyframe at a new viewer, median", ms(Stats.median(oursAfterKey)),
                ms(Stats.median(baseAfterKey)), "ms", "≤ 1000 ms", ms(Stats.median(oursAfterKey)) <= 1000, n));
        table.add(new Table.Row("start", "camera on air after its first keyframe at a new viewer, p95", ms(Stats.p95(oursAfterKey)),
                ms(Stats.p95(baseAfterKey)), "ms", "≤ 1000 ms", ms(Stats.p95(oursAfterKey)) <= 1000, n));
    }

    // ------------------------------------------------------------------ camera switch

    void cameraSwitch() {
        Ours ours = rig.main();
        String red = rig.camera(Colour.RED);
        String blue = rig.camera(Colour.BLUE);
        int switches = rig.reps(6);

        String key = Rig.key("switch-ours");
        UUID room = ours.createRoom();
        SwitchResult o;
        try (Watcher out = Watcher.start(rig.out(key))) {
            Bench.sleep(500);
            int port = ours.start(room, rig.out(key), red, null);
            try (RtpTone tone = rig.tone(port)) {
                o = switches(out, switches, (i, to) -> ours.update(room, "backgroundVideoUrl", to == Colour.RED ? red : blue));
            }
            ours.stop(room);
        } finally {
            ours.deleteRoom(room);
        }
        int oursSessions = Bench.publishSessions(rig.nginx, key);

        String bkey = Rig.key("switch-base");
        int audio = Rig.freeUdpPort();
        SwitchResult b;
        try (Watcher out = Watcher.start(rig.out(bkey)); RtpTone tone = rig.tone(audio)) {
            Bench.sleep(500);
            Baseline base = rig.baseline(bkey, audio);
            base.start(Baseline.Input.camera(red));
            b = switches(out, switches, (i, to) -> base.change(Baseline.Input.camera(to == Colour.RED ? red : blue)));
            base.close();
        }
        int baseSessions = Bench.publishSessions(rig.nginx, bkey);

        String n = switches + " switches";
        table.add(new Table.Row("camera switch", "publish sessions at the destination", oursSessions, baseSessions, "", "1",
                oursSessions == 1, n));
        table.add(new Table.Row("camera switch", "largest gap between output frames", ms(o.largestGap), ms(b.largestGap), "ms",
                "≤ 2 frames (66.7 ms)", o.largestGap <= 2 * FRAME + 0.001, n));
        table.add(new Table.Row("camera switch", "API call → new camera on air, median", ms(Stats.median(o.toNew)),
                ms(Stats.median(b.toNew)), "ms", "", null, n));
        table.add(new Table.Row("camera switch", "API call → new camera on air, p95", ms(Stats.p95(o.toNew)),
                ms(Stats.p95(b.toNew)), "ms", "", null, n));
    }

    private record SwitchResult(double largestGap, List<Double> toNew) {
    }

    private interface Change {
        void to(int index, Colour colour);
    }

    /** Waits for red on air, then switches blue, red, blue, ... every 3 s. */
    private static SwitchResult switches(Watcher out, int count, Change change) {
        long from = System.nanoTime();
        double red = out.firstOf(Colour.RED, from, RUN, 20_000);
        if (Double.isNaN(red)) {
            throw new IllegalStateException("the first camera never came on air");
        }
        long onAir = from + (long) (red * 1e9);
        Bench.sleep(2000);
        List<Double> toNew = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Colour target = i % 2 == 0 ? Colour.BLUE : Colour.RED;
            long t = System.nanoTime();
            change.to(i, target);
            toNew.add(out.firstOf(target, t, RUN, EVENT_TIMEOUT_MS));
            Bench.sleepUntil(t + 3_000_000_000L);
        }
        return new SwitchResult(out.largestGap(onAir, System.nanoTime()), toNew);
    }

    // ------------------------------------------------------------------ input loss

    void inputLoss() {
        int reps = rig.reps(4);
        LossResult ours1000 = lossOurs(rig.main(), reps, 1000);
        LossResult base1000 = lossBaseline(reps, 1000);
        LossResult ours300 = lossOurs(rig.fastLoss(), reps, 300);
        LossResult base300 = lossBaseline(reps, 300);
        String n = reps + " losses";
        for (var pair : List.of(List.of(ours1000, base1000), List.of(ours300, base300))) {
            LossResult o = pair.get(0);
            LossResult b = pair.get(1);
            String label = o.threshold == 1000 ? "threshold 1000 ms (default)" : "threshold " + o.threshold + " ms";
            double target = o.threshold + 100;
            table.add(new Table.Row("input loss", "camera killed → fallback on air, " + label + ", median", ms(Stats.median(o.times)),
                    ms(Stats.median(b.times)), "ms", "≤ " + (int) target + " ms", ms(Stats.median(o.times)) <= target, n));
            table.add(new Table.Row("input loss", "camera killed → fallback on air, " + label + ", p95", ms(Stats.p95(o.times)),
                    ms(Stats.p95(b.times)), "ms", "≤ " + (int) target + " ms", ms(Stats.p95(o.times)) <= target, n));
        }
        double oursSessions = Math.max(ours1000.sessionsPerLoss(), ours300.sessionsPerLoss());
        table.add(new Table.Row("input loss", "publish sessions per loss", oursSessions,
                Math.max(base1000.sessionsPerLoss(), base300.sessionsPerLoss()), "", "1", oursSessions == 1, n));
        double oursGap = Math.max(Stats.max(ours1000.gaps), Stats.max(ours300.gaps));
        table.add(new Table.Row("input loss", "largest gap between output frames", ms(oursGap),
                ms(Math.max(Stats.max(base1000.gaps), Stats.max(base300.gaps))), "ms", "≤ 2 frames (66.7 ms)",
                oursGap <= 2 * FRAME + 0.001, n));
    }

    private record LossResult(int threshold, List<Double> times, List<Double> gaps, int sessions, int reps) {
        double sessionsPerLoss() {
            return (double) sessions / reps;
        }
    }

    private LossResult lossOurs(Ours ours, int reps, int threshold) {
        List<Double> times = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        int sessions = 0;
        for (int i = 0; i < reps; i++) {
            String key = Rig.key("loss-ours");
            String cam = Rig.key("loss-cam");
            ManagedProcess camera = rig.ownCamera(cam);
            UUID room = ours.createRoom();
            try (Watcher out = Watcher.start(rig.out(key))) {
                Bench.sleep(500);
                int port = ours.start(room, rig.out(key), rig.nginx.liveUrl(cam), rig.media.fallbackImage().toString());
                try (RtpTone tone = rig.tone(port)) {
                    times.add(killAndAwaitFallback(out, camera, gaps));
                }
                ours.stop(room);
            } finally {
                ours.deleteRoom(room);
                camera.close();
            }
            sessions += Bench.publishSessions(rig.nginx, key);
            Rig.log("loss, ours, threshold " + threshold + " ms, " + (i + 1) + "/" + reps + ": fallback on air after " + times.get(i) + " s");
        }
        return new LossResult(threshold, times, gaps, sessions, reps);
    }

    private LossResult lossBaseline(int reps, int threshold) {
        List<Double> times = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        int sessions = 0;
        for (int i = 0; i < reps; i++) {
            String key = Rig.key("loss-base");
            String cam = Rig.key("loss-cam");
            int audio = Rig.freeUdpPort();
            ManagedProcess camera = rig.ownCamera(cam);
            try (Watcher out = Watcher.start(rig.out(key)); RtpTone tone = rig.tone(audio)) {
                Bench.sleep(500);
                Baseline b = rig.baseline(key, audio).fallbackTo(Baseline.Input.image(rig.media.fallbackImage(), Media.FPS), threshold);
                b.start(Baseline.Input.camera(rig.nginx.liveUrl(cam)));
                times.add(killAndAwaitFallback(out, camera, gaps));
                b.close();
            } finally {
                camera.close();
            }
            sessions += Bench.publishSessions(rig.nginx, key);
            Rig.log("loss, baseline, threshold " + threshold + " ms, " + (i + 1) + "/" + reps + ": fallback on air after " + times.get(i) + " s");
        }
        return new LossResult(threshold, times, gaps, sessions, reps);
    }

    /**
     * Red on air for 3 s, then the camera publisher is SIGKILLed: seconds to the fallback image;
     * the largest gap between output frames around the loss goes into {@code gaps}.
     */
    private static double killAndAwaitFallback(Watcher out, ManagedProcess camera, List<Double> gaps) {
        double red = out.firstOf(Colour.RED, System.nanoTime() - 60_000_000_000L, RUN, 20_000);
        if (Double.isNaN(red)) {
            throw new IllegalStateException("the camera never came on air");
        }
        Bench.sleep(3000);
        long t = System.nanoTime();
        camera.kill();
        double fallback = out.firstOf(Colour.YELLOW, t, RUN, EVENT_TIMEOUT_MS);
        Bench.sleep(2000);
        gaps.add(out.largestGap(t - 2_000_000_000L, System.nanoTime()));
        return fallback;
    }
}
