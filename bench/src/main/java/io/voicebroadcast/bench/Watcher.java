package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A viewer at the destination: FFmpeg plays an RTMP URL as it arrives and reports every decoded
 * frame (its pts and the mean colour of the picture's top strip, where the bench's cameras and
 * fallback image carry a colour bar); each frame is stamped with {@link System#nanoTime()} when
 * its line arrives. Started before the publisher, it waits for it (nginx-rtmp keeps an idle
 * player); when the publisher changes, the same player usually goes on (the pts restart), else it
 * is started again. The viewer's own decoding delay is the same for every system measured.
 */
final class Watcher implements AutoCloseable {

    /** One decoded frame. {@code session} counts the watcher's FFmpeg restarts. */
    record Frame(long arrivalNanos, double pts, Colour colour, int session) {
    }

    private static final Pattern SHOWINFO = Pattern.compile("pts_time:\\s*(-?[0-9.]+).*mean:\\[(\\d+) (\\d+) (\\d+)\\]");

    private final String url;
    private final List<Frame> frames = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Process process;

    private Watcher(String url) {
        this.url = url;
        this.thread = new Thread(this::run, "watcher");
        thread.setDaemon(true);
    }

    static Watcher start(String url) {
        Watcher w = new Watcher(url);
        w.thread.start();
        return w;
    }

    private void run() {
        int session = 0;
        while (!closed) {
            try {
                Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
                        "-flags", "low_delay", "-threads", "1", "-probesize", "100000", "-analyzeduration", "100000",
                        "-i", url, "-an", "-vf", "crop=iw:ih/8:0:0,scale=8:1,showinfo", "-f", "null", "-")
                        .redirectErrorStream(true).start();
                Bench.track(p);
                process = p;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        long now = System.nanoTime();
                        if (!line.contains("showinfo") || !line.contains(" n:")) {
                            continue;
                        }
                        Matcher m = SHOWINFO.matcher(line);
                        if (m.find()) {
                            Frame f = new Frame(now, Double.parseDouble(m.group(1)),
                                    Colour.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))), session);
                            synchronized (frames) {
                                frames.add(f);
                            }
                        }
                    }
                }
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                if (!closed) {
                    Bench.sleep(100);
                }
            } catch (InterruptedException | IllegalStateException e) {
                return;
            }
            session++;
        }
    }

    List<Frame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /**
     * Seconds from {@code fromNanos} to the arrival of the first of {@code run} consecutive frames
     * of the colour, or NaN when none came within {@code timeoutMillis}.
     */
    double firstOf(Colour colour, long fromNanos, int run, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            double t = findRun(frames(), colour, fromNanos, run);
            if (!Double.isNaN(t)) {
                return t;
            }
            Bench.sleep(20);
        }
        return Double.NaN;
    }

    /** Seconds from {@code fromNanos} to the first frame of any colour, or NaN. */
    double firstFrame(long fromNanos, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (Frame f : frames()) {
                if (f.arrivalNanos() >= fromNanos) {
                    return (f.arrivalNanos() - fromNanos) / 1e9;
                }
            }
            Bench.sleep(20);
        }
        return Double.NaN;
    }

    static double findRun(List<Frame> frames, Colour colour, long fromNanos, int run) {
        int count = 0;
        long first = 0;
        for (Frame f : frames) {
            if (f.arrivalNanos() < fromNanos) {
                continue;
            }
            if (f.colour() == colour) {
                if (count++ == 0) {
                    first = f.arrivalNanos();
                }
                if (count >= run) {
                    return (first - fromNanos) / 1e9;
                }
            } else {
                count = 0;
            }
        }
        return Double.NaN;
    }

    /**
     * The largest gap between consecutive output frames that arrived in [from, to], in seconds:
     * the pts difference within one publish session (the output's own timeline), the arrival
     * difference across a new session (pts going back or jumping) or a restarted watcher.
     */
    double largestGap(long fromNanos, long toNanos) {
        List<Frame> all = frames();
        double largest = 0;
        Frame previous = null;
        for (Frame f : all) {
            if (f.arrivalNanos() < fromNanos || f.arrivalNanos() > toNanos) {
                continue;
            }
            if (previous != null) {
                double arrival = (f.arrivalNanos() - previous.arrivalNanos()) / 1e9;
                double pts = f.pts() - previous.pts();
                boolean sameTimeline = f.session() == previous.session() && pts > 0 && pts < arrival + 0.5;
                largest = Math.max(largest, sameTimeline ? pts : arrival);
            }
            previous = f;
        }
        return largest;
    }

    /**
     * Seconds from {@code fromNanos} to the arrival of the frame that ends the longest pause in
     * arrivals up to {@code toNanos} (a pause that began before {@code fromNanos} counts from the
     * last frame before it): when the picture moved again after it stopped. NaN when no frame
     * arrived after {@code fromNanos}.
     */
    static double endOfLongestPause(List<Frame> frames, long fromNanos, long toNanos) {
        long previous = Long.MIN_VALUE;
        long longest = -1;
        long end = 0;
        for (Frame f : frames) {
            long at = f.arrivalNanos();
            if (at > toNanos) {
                break;
            }
            if (at >= fromNanos) {
                long pause = at - (previous == Long.MIN_VALUE ? fromNanos : previous);
                if (pause > longest) {
                    longest = pause;
                    end = at;
                }
            }
            previous = at;
        }
        return longest < 0 ? Double.NaN : (end - fromNanos) / 1e9;
    }

    @Override
    public void close() {
        closed = true;
        Processes.stop(process, Duration.ofSeconds(3));
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a watcher restarted between the checks above
        Process last = process;
        if (last != null && last.isAlive()) {
            last.destroyForcibly();
        }
    }
}
