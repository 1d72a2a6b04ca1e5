package io.voicebroadcast.voice.pipeline;

import java.util.Arrays;

/**
 * A source's frames scaled to another size in Java, for a moment: when a layout switch gives a
 * camera a new rectangle, the node already decodes it at its old size, and its decoder at the new
 * size needs a keyframe (up to a GOP) for its first frame. Until then this bridge shows the
 * running decoder's frames scaled (nearest neighbour, fitted with black bars as the decoders fit
 * theirs), so the switch does not wait for the camera's next keyframe; the cascade then replaces it
 * with the new decoder's own frames on their first one ({@link SourceCascade#replaceWhenReady}).
 * Used on the frame clock's thread only (poll and lastFrame); closing it closes the wrapped source.
 */
public final class ScaledSource implements VideoSource {

    private final VideoSource inner;
    private final VideoFormat from;
    private final VideoFormat to;
    private final int[] lumaX;
    private final int[] lumaY;
    private final int[] chromaX;
    private final int[] chromaY;
    private final int offsetX;
    private final int offsetY;
    private final byte[] frame;
    private byte[] scaledFrom; // the inner frame the buffer holds now

    /** @param inner a source of frames of {@code from} */
    public ScaledSource(VideoSource inner, VideoFormat from, VideoFormat to) {
        this.inner = inner;
        this.from = from;
        this.to = to;
        // fit the whole picture into the target, keeping its aspect ratio, centred
        int w = to.width();
        int h = to.height();
        if ((long) from.width() * to.height() > (long) to.width() * from.height()) {
            h = Math.max(2, (int) ((long) to.width() * from.height() / from.width()) & ~1);
        } else {
            w = Math.max(2, (int) ((long) to.height() * from.width() / from.height()) & ~1);
        }
        this.offsetX = ((to.width() - w) / 2) & ~1;
        this.offsetY = ((to.height() - h) / 2) & ~1;
        this.lumaX = steps(w, from.width());
        this.lumaY = steps(h, from.height());
        this.chromaX = steps(w / 2, from.width() / 2);
        this.chromaY = steps(h / 2, from.height() / 2);
        this.frame = StillSource.blackFrame(to);
    }

    private static int[] steps(int target, int source) {
        int[] at = new int[target];
        for (int i = 0; i < target; i++) {
            at[i] = (int) (((long) i * source + source / 2) / target);
            at[i] = Math.min(source - 1, at[i]);
        }
        return at;
    }

    @Override
    public SourceKind kind() {
        return inner.kind();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public byte[] poll() {
        byte[] f = inner.poll();
        return f == null ? null : scale(f);
    }

    @Override
    public byte[] lastFrame() {
        byte[] f = inner.lastFrame();
        return f == null ? null : f == scaledFrom ? frame : scale(f);
    }

    private byte[] scale(byte[] src) {
        if (src.length < from.frameBytes()) {
            return frame;
        }
        plane(src, 0, from.width(), frame, 0, to.width(), lumaX, lumaY, offsetX, offsetY);
        int srcLuma = from.width() * from.height();
        int dstLuma = to.width() * to.height();
        int srcChroma = srcLuma / 4;
        int dstChroma = dstLuma / 4;
        plane(src, srcLuma, from.width() / 2, frame, dstLuma, to.width() / 2, chromaX, chromaY, offsetX / 2, offsetY / 2);
        plane(src, srcLuma + srcChroma, from.width() / 2, frame, dstLuma + dstChroma, to.width() / 2, chromaX, chromaY,
                offsetX / 2, offsetY / 2);
        scaledFrom = src;
        return frame;
    }

    private static void plane(byte[] src, int srcAt, int srcStride, byte[] dst, int dstAt, int dstStride, int[] xs, int[] ys,
                              int ox, int oy) {
        for (int y = 0; y < ys.length; y++) {
            int s = srcAt + ys[y] * srcStride;
            int d = dstAt + (oy + y) * dstStride + ox;
            for (int x = 0; x < xs.length; x++) {
                dst[d + x] = src[s + xs[x]];
            }
        }
    }

    @Override
    public SourceState state(long nowNanos) {
        return inner.state(nowNanos);
    }

    @Override
    public void close() {
        inner.close();
        Arrays.fill(frame, (byte) 0);
    }

    @Override
    public String toString() {
        return "ScaledSource[" + from.size() + " -> " + to.size() + "]";
    }
}
