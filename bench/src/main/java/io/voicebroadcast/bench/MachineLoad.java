package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the machine was doing besides us, so that a noisy run shows in its own table: the CPU time
 * the hypervisor stole and the CPU busy over a window (from the first line of /proc/stat), and a
 * calibration figure (a fixed x264 encode timed) that runs on different days can be compared by.
 */
final class MachineLoad {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

    private MachineLoad() {
    }

    /**
     * The machine's CPU time in clock ticks, summed over every core, from /proc/stat's {@code cpu}
     * line: user nice system idle iowait irq softirq steal (guest time is inside user).
     */
    record CpuTimes(long busy, long idle, long steal) {

        static CpuTimes parse(String procStat) {
            for (String line : procStat.split("\n")) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long[] v = new long[8];
                    for (int i = 0; i < v.length && i + 1 < f.length; i++) {
                        v[i] = Long.parseLong(f[i + 1]);
                    }
                    long idle = v[3] + v[4];
                    return new CpuTimes(v[0] + v[1] + v[2] + v[5] + v[6], idle, v[7]);
                }
            }
            throw new IllegalArgumentException("no cpu line in /proc/stat");
        }

        static CpuTimes now() {
            try {
                return parse(Files.readString(Path.of("/proc/stat")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        CpuTimes since(CpuTimes earlier) {
            return new CpuTimes(busy - earlier.busy, idle - earlier.idle, steal - earlier.steal);
        }

        long total() {
            return busy + idle + steal;
        }

        /** The share of all CPU time the hypervisor gave to others, in percent. */
        double stealPercent() {
            return total() == 0 ? Double.NaN : 100.0 * steal / total();
        }

        /** The share of all CPU time spent busy (ours and everyone's), in percent. */
        double busyPercent() {
            return total() == 0 ? Double.NaN : 100.0 * busy / total();
        }
    }

    /** A timed encode: frames per CPU second (the machine's speed) and per wall second (what it got). */
    record Calibration(int frames, double cpuSeconds, double wallSeconds) {

        double cpuFps() {
            return frames / cpuSeconds;
        }

        double wallFps() {
            return frames / wallSeconds;
        }

        /** From FFmpeg's {@code -benchmark} line: {@code bench: utime=1.234s stime=0.056s rtime=1.400s}. */
        static Calibration parse(int frames, String ffmpegOutput) {
            Matcher m = BENCH.matcher(ffmpegOutput);
            if (!m.find()) {
                throw new IllegalArgumentException("no -benchmark line in: " + ffmpegOutput);
            }
            return new Calibration(frames, Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
        }
    }

    /**
     * The calibration: the first {@code frames} of a bench camera clip (1280x720) decoded and
     * encoded with x264 veryfast (the service's default preset) at 2500 kb/s, on one thread each.
     */
    static Calibration calibrate(Path clip, int frames) {
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-benchmark",
                "-threads", "1", "-i", clip.toString(), "-frames:v", String.valueOf(frames), "-an",
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", "2500k", "-threads", "1", "-f", "null", "-"));
        try (ManagedProcess p = ManagedProcess.start("calibration", argv)) {
            if (p.waitFor(Duration.ofMinutes(5)) != 0) {
                throw new IllegalStateException("the calibration encode failed: " + p.tail());
            }
            return Calibration.parse(frames, p.tail());
        }
    }
}
