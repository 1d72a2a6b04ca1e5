package io.voicebroadcast.bench;

import static io.voicebroadcast.bench.VideoScenarios.FRAME;

import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.RtpTone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;

/** How many rooms at 1280x720@30 one machine sustains, ours and the baseline's. */
record Density(Rig rig, Table table) {

    void run(double[] coresPerRoom) {
        int seconds = rig.quick ? 20 : 60;
        int oursMax = search("ours", coresPerRoom[0], n -> oursSustain(n, seconds));
        int baseMax = search("baseline", coresPerRoom[1], n -> baseSustain(n, seconds));
        table.add(new Table.Row("density", "rooms at 1280x720@30 sustained for " + seconds + " s (speed ≥ 1.0, no dropped frames)",
                oursMax, baseMax, "", "≥ 5", oursMax >= 5, Runtime.getRuntime().availableProcessors() + " cores"));
    }

    /** The largest n that passes, starting from what the CPU scenario suggests; at most 3 tries. */
    private static int search(String who, double coresPerRoom, IntPredicate sustains) {
        int cores = Runtime.getRuntime().availableProcessors();
        int n = Double.isNaN(coresPerRoom) ? 2 : Math.max(1, (int) Math.floor(cores * 0.95 / coresPerRoom));
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
        Ours ours = rig.main();
        String camera = rig.camera(Colour.RED);
        List<UUID> rooms = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<RtpTone> tones = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                UUID room = ours.createRoom();
                rooms.add(room);
                String key = Rig.key("density-ours-" + n);
                keys.add(key);
                tones.add(rig.tone(ours.start(room, rig.out(key), camera, null)));
            }
            Bench.sleep(10_000);
            for (int s = 0; s < seconds; s += 5) {
                Bench.sleep(5000);
                for (UUID room : rooms) {
                    speeds.add(ours.status(room).path("encoderSpeed").asDouble(0));
                }
            }
        } finally {
            rooms.forEach(r -> {
                try {
                    ours.stop(r);
                } catch (RuntimeException e) {
                    Rig.log("stopping " + r + ": " + e.getMessage());
                }
                ours.deleteRoom(r);
            });
            tones.forEach(RtpTone::close);
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
