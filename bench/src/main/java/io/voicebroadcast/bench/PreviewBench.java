package io.voicebroadcast.bench;

import io.voicebroadcast.voice.pipeline.JpegPreview;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard preview's cost, in this JVM with our classes: the frame clock's copy of one
 * 1280x720 frame (what a preview request costs the clock's thread) and {@link JpegPreview#encode}
 * of it (scaled to 640 wide, converted, compressed with ImageIO; on the request's thread). The
 * picture is FFmpeg's testsrc2 (colour bars, gradients, text, moving shapes), as a camera's picture
 * costs the compressor more than a solid colour. Timed by the thread's CPU time, so that the other
 * processes on the machine do not count. A broadcast makes at most one preview a second.
 */
final class PreviewBench {

    private static final int WARM_UP = 200;
    private static final int ROUNDS = 5;
    static volatile long blackhole;

    private PreviewBench() {
    }

    static void run(Table table, boolean quick) throws IOException, InterruptedException {
        VideoFormat format = Rig.FORMAT;
        byte[] frame = testPicture(format);
        JpegPreview preview = new JpegPreview(format, JpegPreview.DEFAULT_WIDTH);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int perRound = quick ? 50 : 200;
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += preview.encode(frame).length;
        }
        List<Double> encodeMs = new ArrayList<>();
        List<Double> copyUs = new ArrayList<>();
        byte[] copy = new byte[frame.length];
        int jpegBytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                byte[] jpeg = preview.encode(frame);
                jpegBytes = jpeg.length;
                sink += jpegBytes;
            }
            encodeMs.add((threads.getCurrentThreadCpuTime() - cpu) / 1e6 / perRound);
            int copies = perRound * 10;
            cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < copies; i++) {
                frame[i % 64] ^= 1; // a frame that changes, as the clock's does
                System.arraycopy(frame, 0, copy, 0, frame.length);
                sink += copy[i % copy.length];
            }
            copyUs.add((threads.getCurrentThreadCpuTime() - cpu) / 1e3 / copies);
        }
        blackhole = sink;
        double ms = Stats.median(encodeMs);
        String n = "median of " + ROUNDS + " runs of " + perRound + " previews of testsrc2, " + preview.width() + "x" + preview.height()
                + ", " + jpegBytes / 1024 + " KiB each";
        table.add(new Table.Row("preview", "CPU per preview: " + format.size() + " frame scaled and compressed to JPEG", ms, Double.NaN,
                "ms", "", null, n));
        table.add(new Table.Row("preview", "CPU on the frame clock's thread per preview (one frame copied)", Stats.median(copyUs),
                Double.NaN, "µs", "", null, "the rest runs on the request's thread"));
        double percent = ms / 1000 * 100;
        table.add(new Table.Row("preview", "share of one core per watched broadcast (one preview a second)", percent, Double.NaN,
                "% of a core", "≤ 2 %", percent <= 2, "no baseline: a second FFmpeg encode per preview is what it avoids"));
    }

    /** One frame of FFmpeg's testsrc2 at the room's format. */
    private static byte[] testPicture(VideoFormat format) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=" + format.size() + ":rate=" + format.fps(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] frame;
        try (InputStream out = ffmpeg.getInputStream()) {
            frame = out.readAllBytes();
        }
        if (ffmpeg.waitFor() != 0 || frame.length != format.frameBytes()) {
            throw new IOException("ffmpeg gave " + frame.length + " bytes for one " + format.size() + " frame");
        }
        return frame;
    }
}
