package io.voicebroadcast.voice.pipeline;

/**
 * The one raw video format of a room: every decoder normalises to it and the encoder reads it.
 * Frames are planar yuv420p, {@link #frameBytes()} long, with no timestamps.
 */
public record VideoFormat(int width, int height, int fps) {

    public VideoFormat {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("video size must be even and at least 16x16, got " + width + "x" + height);
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps must be 1..60, got " + fps);
        }
    }

    /** What one software codec thread handles at this project's presets, in pixels a second: 1280x720 at 30 fps. */
    static final long PIXELS_PER_THREAD = 1280L * 720 * 30;

    /**
     * Threads an FFmpeg of this format needs for its software codec: one up to 720p30, more only
     * for more pixels a second, never more than the machine's cores. Frame and slice threads cost
     * memory, latency and CPU of their own (measured: a 720p30 x264 veryfast encode takes about 5 %
     * less CPU on one thread than on FFmpeg's automatic three, a decode about 9 MiB less memory),
     * and a node runs many FFmpegs side by side: the rooms are the parallelism.
     */
    public int codecThreads() {
        return codecThreads(Runtime.getRuntime().availableProcessors());
    }

    /** {@link #codecThreads()} on a machine of {@code cores}. */
    public int codecThreads(int cores) {
        long perSecond = (long) width * height * fps;
        int needed = (int) Math.max(1, (perSecond + PIXELS_PER_THREAD - 1) / PIXELS_PER_THREAD);
        return Math.min(needed, Math.max(1, cores));
    }

    public int frameBytes() {
        return width * height * 3 / 2;
    }

    public long frameIntervalNanos() {
        return 1_000_000_000L / fps;
    }

    public String size() {
        return width + "x" + height;
    }
}
