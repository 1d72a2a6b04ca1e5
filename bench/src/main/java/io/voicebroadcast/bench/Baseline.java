package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.voice.pipeline.DecoderArgs;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The design document's approach, tuned fairly: one FFmpeg per room that reads the camera and the
 * room's RTP audio and publishes to RTMP, restarted with new arguments on every change (a new
 * camera, or the camera's end: then the next input, the fallback image). Its camera input has
 * the same low-delay options as our decoders, and its encoder the same settings as ours.
 */
final class Baseline implements AutoCloseable {

    /** An FFmpeg video input. */
    record Input(List<String> args) {
        static Input camera(String url) {
            // As DecoderArgs reads a camera (-fflags nobuffer would drop the probed first keyframe).
            return new Input(List.of("-rw_timeout", "5000000", "-flags", "low_delay",
                    "-probesize", "500000", "-analyzeduration", "100000", "-i", url));
        }

        static Input image(Path png, int fps) {
            return new Input(List.of("-re", "-loop", "1", "-framerate", String.valueOf(fps), "-i", png.toString()));
        }
    }

    private final String outputUrl;
    private final Path sdp;
    private final VideoFormat format;
    private final String videoBitrate;
    private final Path log;
    private volatile Process process;
    private volatile Input fallback;
    private volatile boolean changing;
    private volatile boolean closed;
    private final List<Double> speeds = new ArrayList<>();
    private volatile long lastSpawnNanos;
    private volatile long stallNanos = Long.MAX_VALUE;
    /** When the output frame count last grew (0: no frame yet from this FFmpeg). */
    private volatile long lastFrameAdvanceNanos;
    private long lastFrameCount = -1;

    /** @param audioPort where the room's RTP audio (Opus, payload type 111) arrives */
    Baseline(Path workDir, String name, String outputUrl, int audioPort, VideoFormat format, String videoBitrate) {
        this.outputUrl = outputUrl;
        this.format = format;
        this.videoBitrate = videoBitrate;
        this.sdp = workDir.resolve(name + ".sdp");
        this.log = workDir.resolve(name + ".log");
        try {
            Files.writeString(sdp, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=room\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + audioPort + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * When the running FFmpeg ends by itself, or outputs no frame for {@code stallMillis} (a camera
     * that stops publishing leaves FFmpeg waiting, not ended), restart with this input: the same
     * loss threshold as ours, watched on FFmpeg's progress every 100 ms.
     */
    Baseline fallbackTo(Input input, long stallMillis) {
        this.fallback = input;
        this.stallNanos = stallMillis * 1_000_000;
        Thread watchdog = new Thread(this::watch, "baseline-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return this;
    }

    private void watch() {
        while (!closed) {
            Bench.sleep(20);
            long last = lastFrameAdvanceNanos;
            if (last != 0 && System.nanoTime() - last > stallNanos) {
                synchronized (this) {
                    if (!closed && lastFrameAdvanceNanos == last) {
                        // A stalled FFmpeg is blocked in its read and would ignore SIGTERM until
                        // -rw_timeout: killed at once.
                        Process p = process;
                        if (p != null) {
                            p.destroyForcibly();
                        }
                        change(fallback);
                    }
                }
            }
        }
    }

    /** Spawns the FFmpeg; returns at once, as a controller answering a start request would. */
    synchronized void start(Input input) {
        List<String> a = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats",
                "-progress", "pipe:1", "-stats_period", "0.1"));
        a.addAll(input.args());
        // The SDP names the codec: a short probe here too (the default waits 5 s).
        a.addAll(List.of("-protocol_whitelist", "file,udp,rtp", "-probesize", "32768", "-analyzeduration", "100000",
                "-i", sdp.toString(),
                "-map", "0:v:0", "-map", "1:a:0", "-vf", DecoderArgs.normaliseFilter(format)));
        // As H264EncoderArgs builds them for libx264, and the same audio.
        a.addAll(List.of("-c:v", "libx264", "-pix_fmt", "yuv420p", "-profile:v", "high", "-preset", "veryfast",
                "-tune", "zerolatency", "-sc_threshold", "0", "-x264-params", "nal-hrd=cbr",
                "-b:v", videoBitrate, "-maxrate", videoBitrate, "-bufsize", doubled(videoBitrate),
                "-g", String.valueOf(2 * format.fps()), "-keyint_min", String.valueOf(2 * format.fps()),
                "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
                "-f", "flv", "-flvflags", "no_duration_filesize", outputUrl));
        try {
            Process p = new ProcessBuilder(a).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Bench.track(p);
            lastSpawnNanos = System.nanoTime();
            lastFrameAdvanceNanos = 0;
            lastFrameCount = -1;
            process = p;
            Thread reader = new Thread(() -> readProgress(p), "baseline-progress");
            reader.setDaemon(true);
            reader.start();
            Thread supervisor = new Thread(() -> supervise(p), "baseline-supervisor");
            supervisor.setDaemon(true);
            supervisor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String doubled(String bitrate) {
        return (2 * Integer.parseInt(bitrate.replace("k", ""))) + "k";
    }

    private void readProgress(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("frame=") && process == p) {
                    long frames = Long.parseLong(line.substring(6).trim());
                    if (frames > lastFrameCount) {
                        lastFrameCount = frames;
                        lastFrameAdvanceNanos = System.nanoTime();
                    }
                } else if (line.startsWith("speed=") && line.endsWith("x")) {
                    try {
                        double s = Double.parseDouble(line.substring(6, line.length() - 1).trim());
                        synchronized (speeds) {
                            speeds.add(s);
                        }
                    } catch (NumberFormatException ignored) {
                        // speed=N/A at the very start
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private void supervise(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (!closed && !changing && process == p && fallback != null) {
                start(fallback);
            }
        }
    }

    /** The change: stop the FFmpeg (closing its publish session) and start one with the new input. */
    synchronized void change(Input input) {
        changing = true;
        try {
            stopProcess();
            start(input);
        } finally {
            changing = false;
        }
    }

    long lastSpawnNanos() {
        return lastSpawnNanos;
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Progress speeds reported since the last call. */
    List<Double> drainSpeeds() {
        synchronized (speeds) {
            List<Double> out = List.copyOf(speeds);
            speeds.clear();
            return out;
        }
    }

    private void stopProcess() {
        Processes.stop(process, Duration.ofSeconds(5));
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopProcess();
    }
}
