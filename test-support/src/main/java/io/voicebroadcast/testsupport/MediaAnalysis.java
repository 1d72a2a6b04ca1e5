package io.voicebroadcast.testsupport;

import static io.voicebroadcast.testsupport.PictureGrid.GRID;
import static io.voicebroadcast.testsupport.PictureGrid.GRID_BYTES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a recorded broadcast (or any media file) holds, measured with ffprobe/ffmpeg processes
 * that each run under {@link #TOOL_TIMEOUT} ({@link MediaTools}): stream facts, the FLV tag structure
 * ({@link FlvTags}), video frame times, the colour on screen over time ({@link PictureGrid}) and
 * the level of a tone.
 */
public final class MediaAnalysis {

    /** Upper bound for one ffprobe/ffmpeg run on a test file. */
    public static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    /** Reported instead of minus infinity for digital silence. */
    public static final double SILENCE_FLOOR_DB = -120.0;

    private static final int PCM_RATE = 48_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MediaAnalysis() {
    }

    // ---------------------------------------------------------------- streams

    /** The first video and first audio stream of a file; absent fields are null. */
    public record MediaInfo(String videoCodec, Integer width, Integer height, Double frameRate,
                            String audioCodec, Integer sampleRate, Integer channels, Double durationSec) {

        public boolean hasVideo() {
            return videoCodec != null;
        }

        public boolean hasAudio() {
            return audioCodec != null;
        }
    }

    public static MediaInfo streams(Path file) {
        String out = MediaTools.text(MediaTools.run(List.of("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file.toString())));
        JsonNode root = JSON.readTree(out);
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asString("");
            if (video == null && type.equals("video")) {
                video = s;
            } else if (audio == null && type.equals("audio")) {
                audio = s;
            }
        }
        return new MediaInfo(
                video == null ? null : video.path("codec_name").asString(null),
                video == null ? null : intOrNull(video.path("width")),
                video == null ? null : intOrNull(video.path("height")),
                video == null ? null : rate(video.path("avg_frame_rate").asString("0/0"), video.path("r_frame_rate").asString("0/0")),
                audio == null ? null : audio.path("codec_name").asString(null),
                audio == null ? null : intOrNull(audio.path("sample_rate")),
                audio == null ? null : intOrNull(audio.path("channels")),
                doubleOrNull(root.path("format").path("duration")));
    }

    private static Integer intOrNull(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return n.isNumber() ? n.asInt() : Integer.valueOf(n.asString());
    }

    private static Double doubleOrNull(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return n.isNumber() ? n.asDouble() : Double.valueOf(n.asString());
    }

    /** avg_frame_rate is 0/0 in some FLV recordings; then the stream's base rate is used. */
    private static Double rate(String avg, String base) {
        Double r = fraction(avg);
        return r != null ? r : fraction(base);
    }

    private static Double fraction(String f) {
        String[] p = f.split("/");
        double num = Double.parseDouble(p[0]);
        double den = p.length > 1 ? Double.parseDouble(p[1]) : 1;
        return den == 0 || num == 0 ? null : num / den;
    }

    // ---------------------------------------------------------------- FLV structure

    /**
     * The tag structure of an FLV file (a recording of a publish session).
     *
     * @param endOfSequence whether the last video tag is an H.264 end of sequence, which FFmpeg's
     *                      FLV muxer writes in its trailer: the publisher finished its stream
     *                      instead of being cut off
     * @param trailingBytes bytes after the last complete tag: 0 when the file ends on a tag
     *                      boundary, more when the writer stopped in the middle of a tag
     */
    public record FlvLayout(int videoTags, int audioTags, int otherTags, long lastTimestampMs, boolean endOfSequence,
                            long trailingBytes) {

        /** The publisher ended its stream properly and the file holds every tag whole. */
        public boolean endsCleanly() {
            return endOfSequence && trailingBytes == 0;
        }
    }

    /**
     * Walks every tag of an FLV file (11-byte header, body, 4-byte previous-tag-size). Fails if a
     * previous-tag-size does not match its tag, which means the file is corrupt, not just cut.
     */
    public static FlvLayout flvLayout(Path file) {
        return FlvTags.layout(file);
    }

    /** FFmpeg's complaints when decoding every frame of a file: empty when it decodes cleanly. */
    public static String decodeErrors(Path file) {
        MediaTools.ToolResult r = MediaTools.execute(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-f", "null", "-"));
        return r.exit() == 0 ? r.stderr().strip() : ("exit " + r.exit() + ": " + r.stderr()).strip();
    }

    // ---------------------------------------------------------------- frame times

    /** Presentation time in seconds of every video packet, in presentation order. */
    public static List<Double> videoFrameTimes(Path file) {
        String out = MediaTools.text(MediaTools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts_time", "-of", "csv=p=0", file.toString())));
        return out.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("N/A"))
                .map(l -> Double.valueOf(l.replace(",", ""))).sorted().toList();
    }

    /** Whether the file's first video packet is a keyframe: a player can start with it. */
    public static boolean firstVideoPacketIsKeyframe(Path file) {
        String out = MediaTools.text(MediaTools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
                "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString())));
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().map(l -> l.startsWith("K")).orElse(false);
    }

    /** The largest interval between consecutive times, in seconds (0 for fewer than two). */
    public static double largestGap(List<Double> times) {
        double gap = 0;
        for (int i = 1; i < times.size(); i++) {
            gap = Math.max(gap, times.get(i) - times.get(i - 1));
        }
        return gap;
    }

    // ---------------------------------------------------------------- colour

    /**
     * Pictures a test can tell apart: FFmpeg's solid colours of the same name (so a camera
     * started with {@code color=c=green} reads back as {@link #GREEN}), the SMPTE HD bars test
     * card, and {@link #OTHER} for anything else (moving patterns, mixed frames).
     */
    public enum Colour {
        RED(0xFF0000), GREEN(0x008000), BLUE(0x0000FF), YELLOW(0xFFFF00), MAGENTA(0xFF00FF),
        CYAN(0x00FFFF), WHITE(0xFFFFFF), BLACK(0x000000), TEST_CARD(-1), OTHER(-1);

        private final int rgb;

        Colour(int rgb) {
            this.rgb = rgb;
        }

        /** FFmpeg's colour name for a solid colour, e.g. {@code "red"}; for lavfi {@code color=c=}. */
        public String ffmpegName() {
            if (rgb < 0) {
                throw new IllegalStateException(this + " is not a solid colour");
            }
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isSolid() {
            return rgb >= 0;
        }

        /** The distance in RGB from a solid colour to a mean colour ({@code r, g, b}). */
        double distanceTo(double[] meanRgb) {
            double dr = meanRgb[0] - ((rgb >> 16) & 0xFF);
            double dg = meanRgb[1] - ((rgb >> 8) & 0xFF);
            double db = meanRgb[2] - (rgb & 0xFF);
            return Math.sqrt(dr * dr + dg * dg + db * db);
        }

        int[] grid() {
            return this == TEST_CARD ? PictureGrid.testCardGrid() : PictureGrid.solid(rgb);
        }
    }

    /** Largest mean per-cell RGB distance at which a frame still counts as a known picture. */
    static final double MATCH_DISTANCE = 60.0;

    /** One sampled frame, scaled down to an 8x8 RGB grid. */
    public record ColourSample(double timeSec, int[] grid) {

        public double[] meanRgb() {
            double[] m = new double[3];
            for (int i = 0; i < grid.length; i++) {
                m[i % 3] += grid[i];
            }
            for (int c = 0; c < 3; c++) {
                m[c] /= GRID * GRID;
            }
            return m;
        }

        /** The nearest known picture, or {@link Colour#OTHER} when none is close. */
        public Colour nearest() {
            Colour best = Colour.OTHER;
            double bestDistance = MATCH_DISTANCE;
            for (Colour c : Colour.values()) {
                if (c == Colour.OTHER) {
                    continue;
                }
                double d = PictureGrid.distance(grid, c.grid());
                if (d < bestDistance) {
                    best = c;
                    bestDistance = d;
                }
            }
            return best;
        }

        @Override
        public String toString() {
            double[] m = meanRgb();
            return String.format(Locale.ROOT, "%.2fs %s rgb(%.0f,%.0f,%.0f)", timeSec, nearest(), m[0], m[1], m[2]);
        }
    }

    /** A run of consecutive samples showing the same picture, from the first to the last sample time. */
    public record ColourSpan(Colour colour, double fromSec, double toSec) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.1f-%.1fs", colour, fromSec, toSec);
        }
    }

    /**
     * The picture at {@code sampleFps} samples per second, each scaled to 8x8 (area average);
     * sample times are seconds from the first video frame.
     */
    public static List<ColourSample> colourTimeline(Path file, int sampleFps) {
        byte[] raw = MediaTools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-map", "0:v:0",
                "-vf", "fps=" + sampleFps + ",scale=" + GRID + ":" + GRID + ":flags=area",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
        List<ColourSample> samples = new ArrayList<>();
        for (int i = 0; (i + 1) * GRID_BYTES <= raw.length; i++) {
            samples.add(new ColourSample((double) i / sampleFps, PictureGrid.of(raw, i * GRID_BYTES)));
        }
        return samples;
    }

    /** Consecutive samples of the same picture merged: "BLUE 0.0-2.9s, RED 3.0-7.9s". */
    public static List<ColourSpan> colourSpans(List<ColourSample> samples) {
        List<ColourSpan> spans = new ArrayList<>();
        for (ColourSample s : samples) {
            Colour c = s.nearest();
            int last = spans.size() - 1;
            if (last >= 0 && spans.get(last).colour() == c) {
                spans.set(last, new ColourSpan(c, spans.get(last).fromSec(), s.timeSec()));
            } else {
                spans.add(new ColourSpan(c, s.timeSec(), s.timeSec()));
            }
        }
        return spans;
    }

    public static String describe(List<ColourSpan> spans) {
        return spans.stream().map(ColourSpan::toString).collect(Collectors.joining(", "));
    }


    // ---------------------------------------------------------------- audio

    /**
     * The level of a sine at {@code frequencyHz} between two times, in dBFS where a full-scale
     * sine is 0 dB (FFmpeg's default {@code sine} source, amplitude 1/8, reads about -18 dB).
     * Hann-windowed Goertzel over 100 ms blocks of the channel average, power averaged.
     */
    public static double toneLevelDb(Path file, double frequencyHz, double fromSec, double toSec) {
        double[] pcm = pcm(file, fromSec, toSec);
        int block = PCM_RATE / 10;
        double[] window = new double[block];
        double windowSum = 0;
        for (int i = 0; i < block; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (block - 1));
            windowSum += window[i];
        }
        double coeff = 2 * Math.cos(2 * Math.PI * frequencyHz / PCM_RATE);
        double powerSum = 0;
        int blocks = 0;
        for (int start = 0; start + block <= pcm.length; start += block) {
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < block; i++) {
                double s0 = pcm[start + i] * window[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double magnitudeSquared = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            double amplitude = 2 * Math.sqrt(Math.max(0, magnitudeSquared)) / windowSum;
            powerSum += amplitude * amplitude;
            blocks++;
        }
        if (blocks == 0) {
            throw new IllegalArgumentException("less than 100 ms of audio between " + fromSec + " and " + toSec + " s in " + file);
        }
        return db(Math.sqrt(powerSum / blocks));
    }

    /** Overall RMS level between two times in dBFS (full-scale square wave = 0 dB, sine = -3 dB). */
    public static double rmsDb(Path file, double fromSec, double toSec) {
        double[] pcm = pcm(file, fromSec, toSec);
        if (pcm.length == 0) {
            throw new IllegalArgumentException("no audio between " + fromSec + " and " + toSec + " s in " + file);
        }
        double sum = 0;
        for (double v : pcm) {
            sum += v * v;
        }
        return db(Math.sqrt(sum / pcm.length));
    }

    private static double db(double linear) {
        return linear <= 0 ? SILENCE_FLOOR_DB : Math.max(SILENCE_FLOOR_DB, 20 * Math.log10(linear));
    }

    /** Samples in [-1, 1], channels averaged by us (FFmpeg's own downmix scales by 1/sqrt 2). */
    private static double[] pcm(Path file, double fromSec, double toSec) {
        MediaInfo info = streams(file);
        if (!info.hasAudio()) {
            throw new IllegalArgumentException("no audio stream in " + file);
        }
        int channels = info.channels() == null ? 1 : info.channels();
        byte[] raw = MediaTools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-map", "0:a:0",
                "-ss", seconds(fromSec), "-t", seconds(toSec - fromSec),
                "-ar", String.valueOf(PCM_RATE), "-f", "s16le", "-acodec", "pcm_s16le", "-"));
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int frames = raw.length / 2 / channels;
        double[] out = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += buf.getShort();
            }
            out[f] = sum / channels / 32768.0;
        }
        return out;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
