package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.layout.Canvas;
import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.LayoutKind;
import io.voicebroadcast.voice.pipeline.layout.OverlayMask;
import io.voicebroadcast.voice.pipeline.layout.OverlayPainter;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Layouts and overlays (docs/layouts.md). On the rig: the CPU of a 2x2 grid of four 640x360
 * cameras against a single 1280x720 camera, one after the other on the same service (all of its
 * processes: the JVM and its FFmpegs); then layout switches (single, pip, side by side, grid and
 * back), each timed from the API call to its cut-over (the status's {@code lastLayoutSwitchMs}),
 * with the largest gap between output frames and the publish sessions. In this JVM: an overlay (a
 * logo and a lower third) painted into its mask, and blended into a 1280x720 frame, by the thread's
 * CPU time; and the clock's copy of four slots into the canvas.
 */
final class LayoutBench {

    private static final double FRAME = 1.0 / Media.FPS;
    static volatile long blackhole;

    private final Rig rig;
    private final Table table;

    LayoutBench(Rig rig, Table table) {
        this.rig = rig;
        this.table = table;
    }

    // ------------------------------------------------------------------ on the rig

    void run() {
        Ours ours = rig.main();
        int seconds = rig.quick ? 12 : 45;
        String big = rig.camera(Colour.RED);
        List<String> small = new ArrayList<>();
        List<ManagedProcess> cameras = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                String url = rig.nginx.liveUrl("grid-cam-" + i);
                cameras.add(Media.publish(rig.media.smallCamera(i % 2 == 0 ? Colour.RED : Colour.BLUE), url));
                small.add(url);
            }
            small.forEach(Rig::awaitPlayable);
            double single = roomCores(ours, Map.of("backgroundVideoUrl", big), seconds);
            List<Map<String, String>> slots = small.stream().map(u -> Map.of("backgroundVideoUrl", u)).toList();
            double grid = roomCores(ours, Map.of("layout", "grid", "slots", slots), seconds);
            String n = "1280x720@30; " + seconds + " s each, one after the other, all processes of the service";
            table.add(new Table.Row("layouts", "CPU cores: single, one 1280x720 camera", single, Double.NaN, "", "", null, n));
            table.add(new Table.Row("layouts", "CPU cores: 2x2 grid of four 640x360 cameras", grid, Double.NaN, "", "", null, n));
            double perSlot = (grid - single) / 3;
            table.add(new Table.Row("layouts", "CPU per extra slot ((grid - single) / 3)", perSlot, Double.NaN, "cores",
                    "≤ 0.1 core", perSlot <= 0.1, "no baseline: a restart-per-change pipeline has no layouts"));
            switches(ours, big, small);
        } finally {
            cameras.forEach(Rig::closeQuietly);
        }
    }

    /** The cores of the whole service (JVM and FFmpegs) over {@code seconds} with one room started with {@code fields}. */
    private double roomCores(Ours ours, Map<String, ?> fields, int seconds) {
        UUID room = ours.createRoom();
        String key = Rig.key("layout-cpu");
        try {
            int port = start(ours, room, rig.out(key), fields);
            try (RtpTone tone = rig.tone(port)) {
                Bench.sleep(6000); // every decoder on its first frames, the encoder settled
                List<Long> tree = ProcTree.tree(ours.pid());
                double c0 = ProcTree.cpuSeconds(tree);
                long t0 = System.nanoTime();
                Bench.sleep(seconds * 1000L);
                List<Long> now = ProcTree.tree(ours.pid());
                double cores = (ProcTree.cpuSeconds(now) - c0) / ((System.nanoTime() - t0) / 1e9);
                ours.stop(room);
                return cores;
            }
        } finally {
            ours.deleteRoom(room);
        }
    }

    private static int start(Ours ours, UUID room, String out, Map<String, ?> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("roomId", room.toString());
        body.put("rtmpOutputUrl", out);
        JsonHttp.Response r = ours.api().post("/voice/room/stream/start", body);
        if (r.status() != 200) {
            throw new IllegalStateException("could not start a layout: HTTP " + r.status() + " " + r.body());
        }
        return r.json().path("audioRtpPort").asInt();
    }

    /** Layout switches in one room: each timed from the call to its cut-over; the output's gaps and sessions. */
    private void switches(Ours ours, String big, List<String> small) {
        String blue = rig.camera(Colour.BLUE);
        List<Map<String, Object>> plan = List.of(
                Map.of("layout", "pip", "insetCorner", "top_right", "slots", List.of(Map.of(), Map.of("backgroundVideoUrl", blue))),
                Map.of("layout", "side_by_side"),
                Map.of("layout", "grid", "slots", List.of(Map.of(), Map.of(), Map.of("backgroundVideoUrl", small.get(2)),
                        Map.of("backgroundVideoUrl", small.get(3)))),
                Map.of("layout", "single"));
        // pip and grid bring in cameras the node does not decode yet; side by side and single only
        // rearrange cameras on air (their running decoders' frames are scaled until the new ones have theirs)
        List<Boolean> newCamera = List.of(true, false, true, false);
        int rounds = rig.quick ? 1 : 3;
        UUID room = ours.createRoom();
        String key = Rig.key("layout-switch");
        List<Double> rearranged = new ArrayList<>();
        List<Double> withNew = new ArrayList<>();
        double gap;
        try (Watcher out = Watcher.start(rig.out(key))) {
            Bench.sleep(500);
            int port = start(ours, room, rig.out(key), Map.of("backgroundVideoUrl", big));
            try (RtpTone tone = rig.tone(port)) {
                if (Double.isNaN(out.firstFrame(System.nanoTime() - 1_000_000_000L, 20_000))) {
                    throw new IllegalStateException("the layout room never came on air");
                }
                Bench.sleep(3000);
                long from = System.nanoTime();
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < plan.size(); i++) {
                        Map<String, Object> step = plan.get(i);
                        long before = ours.status(room).path("lastLayoutSwitchMs").asLong(-1);
                        Map<String, Object> body = new HashMap<>(step);
                        body.put("roomId", room.toString());
                        long t = System.nanoTime();
                        JsonHttp.Response resp = ours.api().post("/voice/room/stream/layout", body);
                        if (resp.status() != 200) {
                            throw new IllegalStateException("layout switch refused: " + resp.body());
                        }
                        long ms = -1;
                        while (System.nanoTime() - t < 10_000_000_000L) {
                            var st = ours.status(room);
                            if (st.path("layout").asText().equals(step.get("layout")) && st.path("lastLayoutSwitchMs").asLong(-1) != before) {
                                ms = st.path("lastLayoutSwitchMs").asLong();
                                break;
                            }
                            Bench.sleep(50);
                        }
                        (newCamera.get(i) ? withNew : rearranged).add(ms < 0 ? Double.NaN : ms / 1000.0);
                        Bench.sleepUntil(t + 3_000_000_000L);
                    }
                }
                gap = out.largestGap(from, System.nanoTime());
            }
            ours.stop(room);
        } finally {
            ours.deleteRoom(room);
        }
        int sessions = Bench.publishSessions(rig.nginx, key);
        String n = (rearranged.size() + withNew.size()) + " switches (single → pip → side by side → grid → single)";
        table.add(new Table.Row("layouts", "layout switch, cameras on air rearranged: API call → new layout on air, median",
                Stats.median(rearranged) * 1000, Double.NaN, "ms", "≤ 1000 ms", Stats.median(rearranged) <= 1.0,
                rearranged.size() + " switches (pip → side by side, grid → single); p95 " + Math.round(Stats.p95(rearranged) * 1000) + " ms"));
        table.add(new Table.Row("layouts", "layout switch bringing in a camera not yet decoded: API call → new layout on air, median",
                Stats.median(withNew) * 1000, Double.NaN, "ms", "≤ 1000 ms", Stats.median(withNew) <= 1.0,
                withNew.size() + " switches (single → pip, side by side → grid); its decoder waits for the camera's next keyframe (1 s GOP), "
                        + "as a camera switch does; p95 " + Math.round(Stats.p95(withNew) * 1000) + " ms"));
        table.add(new Table.Row("layouts", "layout switch: largest gap between output frames", gap * 1000, Double.NaN, "ms",
                "≤ 2 frames (66.7 ms)", gap <= 2 * FRAME + 0.001, n));
        table.add(new Table.Row("layouts", "layout switch: publish sessions at the destination", sessions, Double.NaN, "", "1",
                sessions == 1, n));
    }

    // ------------------------------------------------------------------ in this JVM

    static void overlay(Table table, boolean quick) {
        VideoFormat format = Rig.FORMAT;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        BufferedImage logo = new BufferedImage(240, 96, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = logo.createGraphics();
        g.setColor(new Color(255, 140, 0, 220));
        g.fillRoundRect(0, 0, 240, 96, 24, 24);
        g.dispose();
        var painted = new OverlayPainter.Logo(logo, Corner.TOP_LEFT, 12);
        int rounds = 5;
        int perRound = quick ? 300 : 1500;
        long sink = 0;
        List<Double> paintMs = new ArrayList<>();
        List<Double> blendUs = new ArrayList<>();
        List<Double> gridUs = new ArrayList<>();
        byte[] frame = new byte[format.frameBytes()];
        java.util.Arrays.fill(frame, (byte) 90);
        OverlayMask mask = null;
        Canvas canvas = new Canvas(format.width(), format.height());
        List<Rect> quarters = Layout.of(LayoutKind.GRID).slots(format.width(), format.height());
        byte[] quarter = new byte[quarters.get(0).width() * quarters.get(0).height() * 3 / 2];
        for (int round = 0; round < rounds + 1; round++) { // the first round warms up
            long cpu = threads.getCurrentThreadCpuTime();
            int paints = 10;
            for (int i = 0; i < paints; i++) {
                mask = OverlayMask.of(OverlayPainter.paint(format.width(), format.height(), painted,
                        new OverlayPainter.Text("Leader: car " + i + " (lap " + (12 + i) + ")", TextStyle.LOWER_THIRD)));
            }
            double paint = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / paints;
            cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                frame[i % 64] ^= 1;
                mask.blend(frame);
                sink += frame[(i * 7919) % frame.length];
            }
            double blend = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / perRound;
            cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                quarter[i % 64] ^= 1;
                for (Rect r : quarters) {
                    canvas.draw(r, quarter);
                }
                sink += canvas.frame()[i % 1000];
            }
            double grid = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / perRound;
            if (round > 0) {
                paintMs.add(paint);
                blendUs.add(blend);
                gridUs.add(grid);
            }
        }
        blackhole = sink;
        double blend = Stats.median(blendUs);
        double copyUs = copyMicros(format, threads); // the copy an overlay needs each tick
        double percent = (blend + copyUs) * format.fps() / 1e6 * 100;
        String box = mask.box().width() + "x" + mask.box().height();
        table.add(new Table.Row("layouts", "overlay: logo + lower third painted into the mask, per change", Stats.median(paintMs),
                Double.NaN, "ms", "", null, "Java2D, " + format.size() + ", median of " + rounds + " runs"));
        table.add(new Table.Row("layouts", "overlay: blend per frame (box " + box + ") + the frame's copy", blend + copyUs, Double.NaN,
                "µs", "", null, "copy " + String.format("%.0f", copyUs) + " µs"));
        table.add(new Table.Row("layouts", "overlay cost per room at " + format.fps() + " fps", percent, Double.NaN, "% of a core",
                "≤ 1 %", percent <= 1, "no baseline: FFmpeg's overlay filter would need an encoder restart per change"));
        table.add(new Table.Row("layouts", "grid composition: four 640x360 slots copied into the canvas, per frame",
                Stats.median(gridUs), Double.NaN, "µs", "", null, "on the frame clock's thread"));
    }

    /** The copy of a whole frame an overlay needs each tick (the source's frame is never drawn on). */
    private static double copyMicros(VideoFormat format, ThreadMXBean threads) {
        byte[] a = new byte[format.frameBytes()];
        byte[] b = new byte[format.frameBytes()];
        int n = 2000;
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            a[i % 64] ^= 1;
            System.arraycopy(a, 0, b, 0, a.length);
        }
        blackhole += b[7];
        return (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / n;
    }
}
