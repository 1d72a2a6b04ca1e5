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
