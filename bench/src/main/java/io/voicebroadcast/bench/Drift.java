package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A/V drift over a long broadcast. One FFmpeg makes both the camera (white flash for 0.1 s at
 * every whole second) and the room's RTP audio (a 1 kHz beep at the same instants), sent to our
 * room and to the baseline's; both broadcast for the whole duration while the other scenarios
 * run (at 640x360, so they take little CPU). In each recording, every flash is paired with the
 * nearest beep; drift is how much the median offset changed from the first to the last minute.
 */
final class Drift {

    /** The timing broadcasts' size: small, so they take little CPU beside what else runs. */
    static final VideoFormat FORMAT = new VideoFormat(640, 360, 30);
    static final String BITRATE = "600k";
    private static final int WINDOW_SECONDS = 60;
    private static final Pattern SHOWINFO = Pattern.compile("pts_time:\\s*(-?[0-9.]+).*mean:\\[(\\d+) ");

    private final Rig rig;
    private final long durationNanos;
    private final Ours ours;
    private final UUID room;
    private final String oursKey;
    private final String baseKey;
    private final ManagedProcess source;
    private final Baseline base;
    private final long startedNanos;

    private Drift(Rig rig, long durationNanos, Ours ours, UUID room, String oursKey, String baseKey, ManagedProcess source,
                  Baseline base) {
        this.rig = rig;
        this.durationNanos = durationNanos;
        this.ours = ours;
        this.room = room;
        this.oursKey = oursKey;
        this.baseKey = baseKey;
        this.source = source;
        this.base = base;
        this.startedNanos = System.nanoTime();
    }

    static Drift begin(Rig rig, boolean quick) {
        int oursPort = Rig.freeUdpPort();
        int basePort = Rig.freeUdpPort();
        // A service of its own: the drift room's output size, and an audio port range of one port,
        // so the source can send there from its first packet.
        Ours ours = Ours.start("voice-drift", rig.jar, rig.media.fallbackImage().getParent(), oursPort, oursPort,
                Map.of("VOICE_STREAMING_VIDEO_SIZE", FORMAT.size(), "VOICE_STREAMING_VIDEO_BITRATE", BITRATE));
        String camera = rig.nginx.liveUrl("drift-cam");
        ManagedProcess source = source("drift-source", camera, List.of(oursPort, basePort));
        Rig.awaitPlayable(camera);
        UUID room = ours.createRoom();
        String oursKey = Rig.key("drift-ours");
        int port = ours.start(room, rig.out(oursKey), camera, null);
        if (port != oursPort) {
            throw new IllegalStateException("the drift room got audio port " + port + ", not " + oursPort);
        }
        String baseKey = Rig.key("drift-base");
        Baseline base = rig.baseline(baseKey, basePort, FORMAT, BITRATE);
        base.start(Baseline.Input.camera(camera));
        long minutes = quick ? 3 : 10;
        Rig.log("drift: broadcasting for " + minutes + " min, ours and the baseline, while the other scenarios run");
        return new Drift(rig, TimeUnit.MINUTES.toNanos(minutes), ours, room, oursKey, baseKey, source, base);
    }

    void finish(Table table) {
        Bench.sleepUntil(startedNanos + durationNanos);
        ours.stop(room);
        base.close();
        source.close();
        ours.close();
        double minutes = durationNanos / 60e9;
        double[] o = offsets(Bench.recordings(rig.nginx, oursKey));
        double[] b = offsets(Bench.recordings(rig.nginx, baseKey));
        String n = String.format("%.0f min, flash and beep from one FFmpeg", minutes);
        table.add(new Table.Row("A/V drift", "flash → beep offset, first minute (median)", o[0] * 1000, b[0] * 1000, "ms", "", null, n));
        table.add(new Table.Row("A/V drift", "flash → beep offset, last minute (median)", o[1] * 1000, b[1] * 1000, "ms", "", null, n));
        double oursDrift = Math.abs(o[1] - o[0]) * 1000;
        double baseDrift = Math.abs(b[1] - b[0]) * 1000;
        table.add(new Table.Row("A/V drift", "drift (change of the offset)", oursDrift, baseDrift, "ms", "≤ 40 ms", oursDrift <= 40, n));
    }

    /**
     * The source of a timing measurement: one FFmpeg makes a black picture with a white flash for
     * 0.1 s at every whole second, published to {@code cameraUrl}, and a 1 kHz beep at the same
     * instants, sent as Opus RTP to each of {@code audioPorts} on loopback.
     */
    static ManagedProcess source(String name, String cameraUrl, List<Integer> audioPorts) {
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-re", "-f", "lavfi", "-i", "color=c=black:size=" + FORMAT.size() + ":rate=" + FORMAT.fps()
                        + ",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(mod(t\\,1)\\,0.1)'",
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:samples_per_frame=960,"
                        + "volume='lt(mod(t\\,1)\\,0.1)':eval=frame",
                "-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-b:v", "500k",
                "-f", "flv", cameraUrl));
        for (int port : audioPorts) {
            argv.addAll(List.of("-map", "1:a", "-af", "pan=stereo|c0=c0|c1=c0", "-c:a", "libopus", "-b:a", "64k", "-payload_type", "111",
                    "-f", "rtp", "rtp://127.0.0.1:" + port));
        }
        return ManagedProcess.start(name, argv);
    }

    /** Median flash-to-beep offsets (seconds) in the first and the last minute of one recording. */
    private static double[] offsets(List<Path> recordings) {
        if (recordings.size() != 1) {
            Rig.log("drift: expected one recording, found " + recordings);
            return new double[] {Double.NaN, Double.NaN};
        }
        return offsets(recordings.get(0), recordings.get(0));
    }

    /**
     * Median flash-to-beep offsets (seconds): in the first minute of {@code first} (its first few
     * seconds, a camera coming on air, left out) and in the last minute of {@code last}.
     */
    static double[] offsets(Path first, Path last) {
        Pairs early = Pairs.of(first);
        return offsets(early, first.equals(last) ? early : Pairs.of(last));
    }

    /** As {@link #offsets(Path, Path)}, of recordings already analysed. */
    static double[] offsets(Pairs first, Pairs last) {
        List<Double> a = first.firstMinute();
        List<Double> b = last.lastMinute();
        Rig.log("drift: " + a.size() + " pairs in the first minute, " + b.size() + " in the last minute");
        return new double[] {Stats.median(a), Stats.median(b)};
    }

    /** Every flash of a recording (file timeline, seconds) with the offset to its nearest beep, when within 0.5 s. */
    record Pairs(List<Double> flashes, List<Double> offsets) {

        static Pairs of(Path rec) {
            List<Double> flashes = Drift.flashes(rec);
            List<Double> beeps = Drift.beeps(rec);
            Rig.log("drift: " + rec.getFileName() + ": " + flashes.size() + " flashes, " + beeps.size() + " beeps");
            List<Double> paired = new ArrayList<>();
            List<Double> offsets = new ArrayList<>();
            for (double f : flashes) {
                double nearest = Double.NaN;
                for (double b : beeps) {
                    if (Double.isNaN(nearest) || Math.abs(b - f) < Math.abs(nearest - f)) {
                        nearest = b;
                    }
                }
                if (Math.abs(nearest - f) <= 0.5) {
                    paired.add(f);
                    offsets.add(nearest - f);
                }
            }
            return new Pairs(paired, offsets);
        }

        /** The offsets from 5 s after the first flash (a camera coming on air left out), for a minute. */
        List<Double> firstMinute() {
            return between(flashes.isEmpty() ? 0 : flashes.get(0) + 5, WINDOW_SECONDS);
        }

        List<Double> lastMinute() {
            return between(flashes.isEmpty() ? 0 : flashes.get(flashes.size() - 1) - WINDOW_SECONDS + 1e-9, WINDOW_SECONDS);
        }

        /** The offsets of the flashes in [from, from + seconds) of the recording's timeline. */
        List<Double> between(double from, double seconds) {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < flashes.size(); i++) {
                if (flashes.get(i) >= from && flashes.get(i) < from + seconds) {
                    out.add(offsets.get(i));
                }
            }
            return out;
        }
    }

    /** Reads what an FFmpeg writes on its stdout into the list of times. */
    private interface TimesReader {
        void read(InputStream out, List<Double> times) throws IOException;
    }

    /** Runs FFmpeg (tracked, so it never outlives the bench) and collects the times its output gives. */
    private static List<Double> times(ProcessBuilder ffmpeg, TimesReader reader) {
        List<Double> times = new ArrayList<>();
        try {
            Process p = ffmpeg.start();
            Bench.track(p);
            try (InputStream out = p.getInputStream()) {
                reader.read(out, times);
            }
            p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return times;
    }

    /** Times (file timeline, seconds) where the picture turns white. */
    private static List<Double> flashes(Path rec) {
        return times(new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-i", rec.toString(),
                "-an", "-vf", "scale=16:9,showinfo", "-f", "null", "-").redirectErrorStream(true), (stdout, out) -> {
                    boolean white = false;
                    BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
                    String line;
                    while ((line = r.readLine()) != null) {
                        Matcher m = SHOWINFO.matcher(line);
                        if (line.contains("showinfo") && m.find()) {
                            boolean now = Integer.parseInt(m.group(2)) > 128;
                            if (now && !white) {
                                out.add(Double.parseDouble(m.group(1)));
                            }
                            white = now;
                        }
                    }
                });
    }

    /**
     * Times (file timeline, seconds) where a beep starts: the audio decoded to 48 kHz mono, in
     * 1 ms blocks, a block over 10 % of full scale after at least 300 ms below it.
     */
    private static List<Double> beeps(Path rec) {
        double audioStart = startTime(rec, "a:0") - startTime(rec, null);
        return times(new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", rec.toString(),
                "-vn", "-ac", "1", "-ar", "48000", "-f", "s16le", "-").redirectError(ProcessBuilder.Redirect.DISCARD), (stdout, out) -> {
                    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stdout, 1 << 16));
                    long sample = 0;
                    long lastLoud = -1_000_000;
                    int block = 48;
                    int peak = 0;
                    while (true) {
                        int lo;
                        int hi;
                        try {
                            lo = in.readUnsignedByte();
                            hi = in.readByte();
                        } catch (EOFException e) {
                            break;
                        }
                        int v = Math.abs((short) ((hi << 8) | lo));
                        peak = Math.max(peak, v);
                        sample++;
                        if (sample % block == 0) {
                            if (peak > 3277) {
                                long blockStart = sample - block;
                                if (blockStart - lastLoud > 48 * 300) {
                                    out.add(audioStart + blockStart / 48_000.0);
                                }
                                lastLoud = blockStart;
                            }
                            peak = 0;
                        }
                    }
                });
    }

    /** start_time of a stream ({@code a:0}) or, with null, of the file, in seconds. */
    private static double startTime(Path rec, String stream) {
        List<String> argv = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        if (stream != null) {
            argv.addAll(List.of("-select_streams", stream, "-show_entries", "stream=start_time"));
        } else {
            argv.addAll(List.of("-show_entries", "format=start_time"));
        }
        argv.addAll(List.of("-of", "csv=p=0", rec.toString()));
        try (ManagedProcess p = ManagedProcess.start("ffprobe", argv)) {
            p.waitFor(java.time.Duration.ofSeconds(30));
            String t = p.tail().trim().split("\\s+")[0].replace(",", "");
            return t.isEmpty() || t.equals("N/A") ? 0 : Double.parseDouble(t);
        }
    }
}
