package io.voicebroadcast.voice.pipeline;

import java.time.Duration;

/**
 * Whether a live source's picture is black or frozen, measured on each decoded frame and timed
 * by the frames' arrival. A camera can stay connected and keep sending frames while its game
 * shows a loading or crash screen; to the cascade that camera is lost all the same.
 * <p>
 * Only the luma plane of the raw yuv420p frame is read, on a grid of about {@link #TARGET_SAMPLES}
 * points whatever the size (every 15th pixel of every 15th row at 1280x720), so a frame costs a
 * few microseconds on the reader thread that has just read it. A picture is <b>black</b> when
 * its mean luma is at most {@code blackMeanLuma} and at most {@code blackCoveragePercent} of the
 * samples are brighter than {@code litLuma} (FFmpeg's blackdetect has the same two thresholds):
 * a black or loading screen with a small spinner is black, a dark scene with a lit window is not.
 * A picture is <b>unchanged</b> when no more than one sample in {@link #CHANGED_SAMPLES_PER} moved by
 * more than {@link #CHANGE_LUMA} levels since the previous frame.
 * <p>
 * One thread measures ({@link #measure}); any thread may ask {@link #loss}.
 */
public final class PictureCheck {

    /** About this many luma samples per frame: a grid fine enough for a spinner or a lit window. */
    static final int TARGET_SAMPLES = 4096;
    /**
     * A sample that moved by more than this many 8-bit levels changed. The mean difference cannot
     * tell encoder noise from motion: x264 re-coding a static, detailed picture at a keyframe moves
     * the mean by 2.2 levels, slow motion (testsrc2) by 1.9; but no sample of the static picture
     * moves by more than 14, while a moving one has dozens that move by more than 24.
     */
    static final int CHANGE_LUMA = 24;
    /** The picture changed when more than one sample in this many moved (a 32x32 cursor is about four at 720p). */
    static final int CHANGED_SAMPLES_PER = 1000;
    /**
     * Frames further apart than this had the source away in between (a camera that dropped and
     * came back): the pictures before the gap do not count, so a camera that was black when it
     * dropped is not lost as black the moment it returns. The loss of frames themselves is the
     * decoder's read timeout's to find, well within this.
     */
    static final long FRAME_GAP_NANOS = 2_000_000_000L;
    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param blackThreshold       black this long: lost; zero turns the black check off
     * @param frozenThreshold      unchanged this long: lost; zero turns the frozen check off
     * @param litLuma              a sample brighter than this 8-bit luma is lit
     * @param blackMeanLuma        a black picture's mean luma is at most this
     * @param blackCoveragePercent a black picture has at most this share of lit samples
     */
    public record Settings(Duration blackThreshold, Duration frozenThreshold, int litLuma, int blackMeanLuma,
                           double blackCoveragePercent) {

        public static final Settings OFF = new Settings(Duration.ZERO, Duration.ZERO, 32, 24, 2.0);

        public Settings {
            if (blackThreshold.isNegative() || frozenThreshold.isNegative()) {
                throw new IllegalArgumentException("thresholds must not be negative");
            }
            if (litLuma < 0 || litLuma > 255 || blackMeanLuma < 0 || blackMeanLuma > 255) {
                throw new IllegalArgumentException("luma thresholds are 8-bit levels (0..255)");
            }
            if (!(blackCoveragePercent >= 0 && blackCoveragePercent <= 100)) {
                throw new IllegalArgumentException("blackCoveragePercent must be 0..100, got " + blackCoveragePercent);
            }
        }

        public boolean enabled() {
            return !blackThreshold.isZero() || !frozenThreshold.isZero();
        }
    }

    /** Why a source is lost though it delivers frames; {@link #description()} goes into the health message. */
    public enum Loss {
        BLACK("black picture"),
        FROZEN("frozen picture");

        private final String description;

        Loss(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One frame measured.
     *
     * @param meanLuma        mean 8-bit luma of the samples
     * @param coverage        share of samples brighter than {@code litLuma}, 0..1
     * @param changedFraction share of samples that moved by more than {@link #CHANGE_LUMA} since the previous frame (1 for the first)
     */
    public record Measurement(double meanLuma, double coverage, double changedFraction, boolean black, boolean changed) {
    }

    private final Settings settings;
    private final int width;
    private final int height;
    private final int step;
    private final int samples;
    private final int maxLit;
    private final long maxLumaSum;
    private final int maxChanged;
    private final long blackNanos;
    private final long frozenNanos;
    private final byte[] previous;
    private boolean hasPrevious;
    private long lastArrivalNanos;
    private volatile long blackSinceNanos = NONE;
    private volatile long unchangedSinceNanos = NONE;

    public PictureCheck(VideoFormat format, Settings settings) {
        this.settings = settings;
        this.width = format.width();
        this.height = format.height();
        this.step = Math.max(1, (int) Math.sqrt((double) width * height / TARGET_SAMPLES));
        int cols = (width - step / 2 + step - 1) / step;
        int rows = (height - step / 2 + step - 1) / step;
        this.samples = cols * rows;
        this.maxLit = (int) Math.floor(samples * settings.blackCoveragePercent() / 100.0);
        this.maxLumaSum = (long) settings.blackMeanLuma() * samples;
        this.maxChanged = samples / CHANGED_SAMPLES_PER;
        this.blackNanos = settings.blackThreshold().toNanos();
        this.frozenNanos = settings.frozenThreshold().toNanos();
        this.previous = new byte[samples];
    }

    /** Luma samples read per frame. */
    public int samples() {
        return samples;
    }

    /** Measures a frame that arrived at {@code arrivalNanos} (nanoTime) and tracks since when the picture is black or unchanged. */
    public synchronized Measurement measure(byte[] frame, long arrivalNanos) {
        if (hasPrevious && arrivalNanos - lastArrivalNanos > FRAME_GAP_NANOS) {
            hasPrevious = false;
            blackSinceNanos = NONE;
        }
        lastArrivalNanos = arrivalNanos;
        long sum = 0;
        int lit = 0;
        int changed = 0;
        int litLuma = settings.litLuma();
        byte[] prev = previous;
        int i = 0;
        for (int y = step / 2; y < height; y += step) {
            int row = y * width;
            for (int x = step / 2; x < width; x += step) {
                int v = frame[row + x] & 0xFF;
                sum += v;
                lit += (litLuma - v) >>> 31; // 1 when v > litLuma, without a branch that noise mispredicts
                changed += (CHANGE_LUMA - Math.abs(v - (prev[i] & 0xFF))) >>> 31;
                prev[i++] = (byte) v;
            }
        }
        boolean first = !hasPrevious;
        hasPrevious = true;
        boolean black = sum <= maxLumaSum && lit <= maxLit;
        boolean moved = first || changed > maxChanged;
        if (!black) {
            blackSinceNanos = NONE;
        } else if (blackSinceNanos == NONE) {
            blackSinceNanos = arrivalNanos;
        }
        if (moved) {
            unchangedSinceNanos = arrivalNanos;
        }
        return new Measurement((double) sum / samples, (double) lit / samples, first ? 1.0 : (double) changed / samples,
                black, moved);
    }

    /**
     * Whether the picture is lost at {@code nowNanos}: black for the black threshold, else
     * unchanged for the frozen threshold; null when it is fine (or the check is off).
     */
    public Loss loss(long nowNanos) {
        if (lostSince(blackSinceNanos, blackNanos, nowNanos) != NONE) {
            return Loss.BLACK;
        }
        return lostSince(unchangedSinceNanos, frozenNanos, nowNanos) != NONE ? Loss.FROZEN : null;
    }

    /** The same verdict as a source state: lost since the threshold was reached, and why; null when the picture is fine. */
    public SourceState.Lost lost(long nowNanos) {
        long black = lostSince(blackSinceNanos, blackNanos, nowNanos);
        if (black != NONE) {
            return new SourceState.Lost(black, Loss.BLACK.description());
        }
        long frozen = lostSince(unchangedSinceNanos, frozenNanos, nowNanos);
        return frozen == NONE ? null : new SourceState.Lost(frozen, Loss.FROZEN.description());
    }

    private static long lostSince(long sinceNanos, long thresholdNanos, long nowNanos) {
        return thresholdNanos > 0 && sinceNanos != NONE && nowNanos - sinceNanos >= thresholdNanos ? sinceNanos + thresholdNanos : NONE;
    }

    /** Forgets the pictures seen so far: the next frame starts afresh (a source resumed from standby). */
    public synchronized void reset() {
        hasPrevious = false;
        blackSinceNanos = NONE;
        unchangedSinceNanos = NONE;
    }
}
