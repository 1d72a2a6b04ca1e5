package io.voicebroadcast.bench;

import static io.voicebroadcast.bench.VideoScenarios.FRAME;
import static io.voicebroadcast.bench.VideoScenarios.ms;

import io.voicebroadcast.bench.ServiceProcesses.Kind;
import io.voicebroadcast.bench.ServiceProcesses.Usage;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.RtpTone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One encode, several destinations, each on its own ({@code --only=destinations}): the CPU an
 * extra destination costs, how soon an added destination gets its first keyframe, what the other
 * destinations see while one destination's publisher is killed, and what every destination sees
 * while the encoder is killed. Ours only: the baseline has one output per FFmpeg.
 */
record DestinationScenarios(Rig rig, Table table) {

    /** The service's default keyframe interval (VOICE_STREAMING_KEYFRAME_INTERVAL_SECONDS). */
    static final double KEYFRAME_INTERVAL_S = 2.0;
    static final double CPU_PER_DESTINATION_TARGET = 0.02;
    static final double PICTURE_BACK_TARGET_S = 2.0;
    private static final long LIVE_TIMEOUT_MS = 20_000;

    void run() {
        cpuPerDestination();
        addToFirstKeyframe();
        publisherKilled();
        encoderKilled();
    }

    private static void row(Table table, String metric, double value, String unit, String target, Boolean met, String note) {
        table.add(new Table.Row("destinations", metric, value, Double.NaN, unit, target, met, note));
    }

    /** A room of the main service on the red camera, with its tone, to {@code first} and {@code more}. */
    private final class Broadcast implements AutoCloseable {
        final Ours ours = rig.main();
        final UUID room = ours.createRoom();
        final RtpTone tone;

        Broadcast(String first, List<String> more) {
            RtpTone t = null;
            try {
                t = rig.tone(ours.start(room, first, more, rig.camera(Colour.RED), null));
            } catch (RuntimeException e) {
                ours.deleteRoom(room);
                throw e;
            }
            tone = t;
        }

        void awaitLive(String... ids) {
            for (String id : ids) {
                if (!ours.awaitLive(room, id, LIVE_TIMEOUT_MS)) {
                    throw new IllegalStateException("destination " + id + " not live: " + ours.status(room));
                }
            }
        }

        @Override
        public void close() {
            try {
                ours.stopAndDelete(room);
            } finally {
                tone.close();
            }
        }
    }

    // ------------------------------------------------------------------ CPU per extra destination

    /**
     * One room with one destination, then with three, then with one again, each measured for the
     * same window: what the publishers and the JVM (which hands every tag to each destination)
     * take more with three than in the mean of the two windows with one, per extra destination.
     * The windows with one before and after cancel a drift (the JVM compiling its code in the
     * first minutes of a fresh service, other load). The decoder and the encoder do the same work
     * in every window and are left out, so that their noise does not swamp the small difference;
     * the whole tree's difference is in the note.
     */
    private void cpuPerDestination() {
        int seconds = rig.quick ? 15 : 60;
        try (Broadcast b = new Broadcast(rig.out(Rig.key("dest-cpu-1")), List.of())) {
            b.awaitLive("d1");
            Bench.sleep(5000);
            Usage before = ServiceProcesses.measure(b.ours.pid(), seconds);
            b.ours.addDestination(b.room, "d2", rig.nginx.outputUrl("out2", Rig.key("dest-cpu-2")));
            b.ours.addDestination(b.room, "d3", rig.out(Rig.key("dest-cpu-3")));
            b.awaitLive("d2", "d3");
            Bench.sleep(5000);
            Usage three = ServiceProcesses.measure(b.ours.pid(), seconds);
            b.ours.removeDestination(b.room, "d2");
            b.ours.removeDestination(b.room, "d3");
            Bench.sleep(5000);
            Usage after = ServiceProcesses.measure(b.ours.pid(), seconds);
            double perExtra = (share(three) - (share(before) + share(after)) / 2) / 2;
            double wholeTree = (three.total() - (before.total() + after.total()) / 2) / 2;
            row(table, "CPU per extra destination (its publisher + the JVM's share), 1280x720@30 at 2500 kb/s", perExtra * 100,
                    "% of a core", "≤ " + Math.round(CPU_PER_DESTINATION_TARGET * 100) + " %", perExtra <= CPU_PER_DESTINATION_TARGET,
                    String.format(Locale.ROOT, "%d s each with 1, 3 and 1 destinations; whole tree %+.1f %% per extra; 1: %s; 3: %s; 1: %s",
                            seconds, wholeTree * 100, before.describe(), three.describe(), after.describe()));
        }
    }

    /** What grows with the destinations: their publishers and the JVM. */
    private static double share(Usage u) {
        return u.of(Kind.PUBLISHER) + u.of(Kind.JVM);
    }

    // ------------------------------------------------------------------ add → first keyframe

    /**
     * A destination added to a room on air, a viewer waiting at it: from the add request to the
     * first frame the viewer decodes (a viewer starts at a keyframe), and whether its recording
     * starts with a keyframe.
     */
    private void addToFirstKeyframe() {
        int reps = rig.reps(5);
        List<Double> times = new ArrayList<>();
        int keyframeFirst = 0;
        try (Broadcast b = new Broadcast(rig.out(Rig.key("dest-add-base")), List.of())) {
            b.awaitLive("d1");
            Bench.sleep(2000);
            for (int i = 0; i < reps; i++) {
                String key = Rig.key("dest-add");
                String id = "added-" + i;
                try (Watcher w = Watcher.start(rig.nginx.outputUrl("out2", key))) {
                    Bench.sleep(500);
                    // somewhere in the keyframe interval, not in step with the previous add
                    Bench.sleep((long) (i * KEYFRAME_INTERVAL_S * 1000 / reps));
                    long t0 = System.nanoTime();
                    b.ours.addDestination(b.room, id, rig.nginx.outputUrl("out2", key));
                    times.add(w.firstFrame(t0, 10_000));
                    Bench.sleep(1500);
                }
                b.ours.removeDestination(b.room, id);
                List<Path> recs = awaitRecordings(key, 1);
                if (!recs.isEmpty() && MediaAnalysis.firstVideoPacketIsKeyframe(recs.get(0))) {
                    keyframeFirst++;
                }
                Rig.log("destination added " + (i + 1) + "/" + reps + ": first frame after " + times.get(i) + " s");
            }
        }
        double target = (KEYFRAME_INTERVAL_S + 1) * 1000;
        String n = reps + " adds, keyframe every " + (int) KEYFRAME_INTERVAL_S + " s";
        row(table, "add → first keyframe at the new destination, median", ms(Stats.median(times)), "ms",
                "≤ keyframe interval + 1 s (" + (int) target + " ms)", ms(Stats.median(times)) <= target, n);
        double worst = Stats.missing(times) > 0 ? Double.NaN : Stats.max(times);
        row(table, "add → first keyframe at the new destination, max", ms(worst), "ms",
                "≤ keyframe interval + 1 s (" + (int) target + " ms)", ms(worst) <= target, n);
        row(table, "added destinations whose recording starts with a keyframe", keyframeFirst, "", String.valueOf(reps),
                keyframeFirst == reps, n);
    }

    private List<Path> awaitRecordings(String key, int count) {
        for (int i = 0; i < 50; i++) {
            List<Path> recs = Bench.recordings(rig.nginx, key);
            if (recs.size() >= count) {
                return recs;
            }
            Bench.sleep(100);
        }
        return Bench.recordings(rig.nginx, key);
    }

    // ------------------------------------------------------------------ one publisher killed

    /**
     * Three destinations (two applications of one server); the third's publisher SIGKILLed, again
     * and again: the largest gap between output frames on the other two around each kill, and
     * their publish sessions (one each for the whole time).
     */
    private void publisherKilled() {
        int kills = rig.reps(3);
        String k1 = Rig.key("dest-kill-1");
        String k2 = Rig.key("dest-kill-2");
        String k3 = Rig.key("dest-kill-3");
        List<Double> gaps = new ArrayList<>();
        List<Double> backLive = new ArrayList<>();
        try (Watcher w1 = Watcher.start(rig.out(k1)); Watcher w2 = Watcher.start(rig.nginx.outputUrl("out2", k2))) {
            Bench.sleep(500);
            try (Broadcast b = new Broadcast(rig.out(k1), List.of(rig.nginx.outputUrl("out2", k2), rig.out(k3)))) {
                b.awaitLive("d1", "d2", "d3");
                Bench.sleep(3000);
                for (int i = 0; i < kills; i++) {
                    List<Long> publisher = ServiceProcesses.find(b.ours.pid(), Kind.PUBLISHER, k3);
                    if (publisher.size() != 1) {
                        throw new IllegalStateException("expected one publisher for d3, found " + publisher);
                    }
                    long t = System.nanoTime();
                    ServiceProcesses.kill(publisher.get(0));
                    Bench.sleep(1000);
                    boolean back = b.ours.awaitLive(b.room, "d3", LIVE_TIMEOUT_MS);
                    backLive.add(back ? (System.nanoTime() - t) / 1e9 : Double.NaN);
                    Bench.sleep(2000);
                    long to = System.nanoTime();
                    gaps.add(Math.max(w1.largestGap(t - 2_000_000_000L, to), w2.largestGap(t - 2_000_000_000L, to)));
                    Rig.log("publisher of d3 killed " + (i + 1) + "/" + kills + ": d3 live again after " + backLive.get(i)
                            + " s, largest gap on d1 and d2 " + gaps.get(i) + " s");
                }
            }
        }
        int s1 = Bench.publishSessions(rig.nginx, k1);
        int s2 = Bench.publishSessions(rig.nginx, k2);
        int s3 = Bench.publishSessions(rig.nginx, k3);
        String n = kills + " kills of the third destination's publisher";
        double gap = Stats.missing(gaps) > 0 ? Double.NaN : Stats.max(gaps);
        row(table, "largest gap between output frames on the other destinations while one's publisher is SIGKILLed", ms(gap), "ms",
                "≤ 2 frames (66.7 ms)", gap <= 2 * FRAME + 0.001, n);
        row(table, "publish sessions of the other destinations (each)", Math.max(s1, s2), "", "1", s1 == 1 && s2 == 1,
                String.format(Locale.ROOT, "%s; the killed one: %d sessions, live again after %.1f s (median)", n, s3,
                        Stats.median(backLive)));
    }

    // ------------------------------------------------------------------ the encoder killed

    /**
     * Two destinations; the encoder SIGKILLed, again and again: from the kill to the picture moving
     * again at each destination (the end of the longest pause in frames there), and the publish
     * sessions (one per destination for the whole time: the publishers stay connected).
     */
    private void encoderKilled() {
        int kills = rig.reps(3);
        String k1 = Rig.key("dest-enc-1");
        String k2 = Rig.key("dest-enc-2");
        List<Double> back = new ArrayList<>();
        int restarts;
        try (Watcher w1 = Watcher.start(rig.out(k1)); Watcher w2 = Watcher.start(rig.nginx.outputUrl("out2", k2))) {
            Bench.sleep(500);
            try (Broadcast b = new Broadcast(rig.out(k1), List.of(rig.nginx.outputUrl("out2", k2)))) {
                b.awaitLive("d1", "d2");
                Bench.sleep(3000);
                for (int i = 0; i < kills; i++) {
                    List<Long> encoder = ServiceProcesses.find(b.ours.pid(), Kind.ENCODER, "");
                    if (encoder.size() != 1) {
                        throw new IllegalStateException("expected one encoder, found " + encoder);
                    }
                    long t = System.nanoTime();
                    ServiceProcesses.kill(encoder.get(0));
                    Bench.sleep(8000); // the restart's backoff, then the picture flowing a while
                    long to = System.nanoTime();
                    double worst = Math.max(Watcher.endOfLongestPause(w1.frames(), t, to), Watcher.endOfLongestPause(w2.frames(), t, to));
                    back.add(worst);
                    Rig.log("encoder killed " + (i + 1) + "/" + kills + ": picture moving again at both destinations after " + worst + " s");
                }
                restarts = b.ours.status(b.room).path("encoderRestarts").asInt(-1);
            }
        }
        int s1 = Bench.publishSessions(rig.nginx, k1);
        int s2 = Bench.publishSessions(rig.nginx, k2);
        String n = kills + " encoder kills, 2 destinations; encoder restarts counted " + restarts;
        String target = "≤ " + (int) (PICTURE_BACK_TARGET_S * 1000) + " ms";
        row(table, "encoder SIGKILLed → picture moving again at the destinations, median", ms(Stats.median(back)), "ms", target,
                Stats.median(back) <= PICTURE_BACK_TARGET_S, n);
        double worst = Stats.missing(back) > 0 ? Double.NaN : Stats.max(back);
        row(table, "encoder SIGKILLed → picture moving again at the destinations, max", ms(worst), "ms", target,
                worst <= PICTURE_BACK_TARGET_S, n);
        row(table, "publish sessions per destination across the encoder kills", Math.max(s1, s2), "", "1", s1 == 1 && s2 == 1, n);
    }
}
