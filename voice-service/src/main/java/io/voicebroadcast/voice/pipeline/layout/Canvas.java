package io.voicebroadcast.voice.pipeline.layout;

import java.util.Arrays;

/**
 * The output picture the frame clock composes into: one yuv420p frame of the room's size, into
 * which each slot's frame (yuv420p at its rectangle's size) is copied plane by plane. The clock's
 * thread alone writes it.
 */
public final class Canvas {

    private final int width;
    private final int height;
    private final byte[] frame;

    public Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.frame = new byte[width * height * 3 / 2];
        clear();
    }

    /** Black in limited-range yuv420p: Y=16, U=V=128. */
    public void clear() {
        int luma = width * height;
        Arrays.fill(frame, 0, luma, (byte) 16);
        Arrays.fill(frame, luma, frame.length, (byte) 128);
    }

    /** Copies {@code slotFrame} (yuv420p of {@code r}'s size) into {@code r}. */
    public void draw(Rect r, byte[] slotFrame) {
        if (r.x() + r.width() > width || r.y() + r.height() > height) {
            throw new IllegalArgumentException(r + " is outside " + width + "x" + height);
        }
        int srcLuma = r.width() * r.height();
        if (slotFrame.length < srcLuma * 3 / 2) {
            throw new IllegalArgumentException("a frame of " + r.width() + "x" + r.height() + " is " + srcLuma * 3 / 2 + " bytes");
        }
        for (int row = 0; row < r.height(); row++) {
            System.arraycopy(slotFrame, row * r.width(), frame, (r.y() + row) * width + r.x(), r.width());
        }
        int cw = r.width() / 2;
        int ch = r.height() / 2;
        int srcChroma = cw * ch;
        int dstLuma = width * height;
        int dstChroma = (width / 2) * (height / 2);
        int dstRow = width / 2;
        for (int row = 0; row < ch; row++) {
            int dst = (r.y() / 2 + row) * dstRow + r.x() / 2;
            System.arraycopy(slotFrame, srcLuma + row * cw, frame, dstLuma + dst, cw);
            System.arraycopy(slotFrame, srcLuma + srcChroma + row * cw, frame, dstLuma + dstChroma + dst, cw);
        }
    }

    /** The composed picture; valid until the next draw. */
    public byte[] frame() {
        return frame;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
