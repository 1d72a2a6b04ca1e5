package io.voicebroadcast.voice.pipeline.layout;

import java.util.List;

/**
 * A layout of the picture: its kind and, for picture-in-picture, the inset's corner. Where each
 * slot goes is a pure function of the output size ({@link #slots}): slot 0 is the main picture,
 * slots are drawn in order (a pip's inset over its main picture); side by side and the grid cover
 * the whole frame without overlaps.
 */
public record Layout(LayoutKind kind, Corner insetCorner) {

    public static final Layout SINGLE = new Layout(LayoutKind.SINGLE, Corner.BOTTOM_RIGHT);
    /** A pip's inset is this share of the frame's width and height. */
    static final double INSET_SHARE = 0.3;
    /** And this share of the frame's height from its edges. */
    static final double INSET_MARGIN_SHARE = 0.04;

    public Layout {
        if (kind == null) {
            throw new IllegalArgumentException("a layout has a kind");
        }
        if (insetCorner == null) {
            insetCorner = Corner.BOTTOM_RIGHT;
        }
    }

    public static Layout of(LayoutKind kind) {
        return new Layout(kind, Corner.BOTTOM_RIGHT);
    }

    public int slotCount() {
        return kind.slots();
    }

    /** Each slot's rectangle in a {@code width} x {@code height} picture (both even), slot 0 first. */
    public List<Rect> slots(int width, int height) {
        if (width % 2 != 0 || height % 2 != 0 || width < 32 || height < 32) {
            throw new IllegalArgumentException("a layout needs an even picture of at least 32x32, got " + width + "x" + height);
        }
        Rect full = new Rect(0, 0, width, height);
        return switch (kind) {
            case SINGLE -> List.of(full);
            case PIP -> {
                int w = Math.max(16, Rect.even(width * INSET_SHARE));
                int h = Math.max(16, Rect.even(height * INSET_SHARE));
                int margin = Rect.even(height * INSET_MARGIN_SHARE);
                yield List.of(full, insetCorner.place(width, height, w, h, margin));
            }
            case SIDE_BY_SIDE -> {
                int left = Rect.even(width / 2.0);
                yield List.of(new Rect(0, 0, left, height), new Rect(left, 0, width - left, height));
            }
            case GRID -> {
                int left = Rect.even(width / 2.0);
                int top = Rect.even(height / 2.0);
                yield List.of(new Rect(0, 0, left, top), new Rect(left, 0, width - left, top),
                        new Rect(0, top, left, height - top), new Rect(left, top, width - left, height - top));
            }
        };
    }

    /** Whether a slot covers the whole frame on its own (single: the clock passes its frames through). */
    public boolean isSingle() {
        return kind == LayoutKind.SINGLE;
    }
}
