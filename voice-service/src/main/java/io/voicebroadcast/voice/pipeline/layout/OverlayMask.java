package io.voicebroadcast.voice.pipeline.layout;

import java.awt.image.BufferedImage;

/**
 * A room's overlays as the frame clock blends them: the smallest even box that holds every
 * non-transparent pixel of the painted picture, with each pixel's luma and alpha, and for each two
 * by two block its chroma and mean alpha (yuv420p shares chroma between four pixels). Made once per
 * change, off the clock; {@link #blend} costs a few multiplications per drawn pixel only (each row's
 * runs of visible pixels are kept, so the empty part of the box costs nothing).
 */
public final class OverlayMask {

    private final int frameWidth;
    private final int frameHeight;
    private final Rect box;
    private final byte[] luma;
    private final byte[] lumaAlpha;
    private final byte[] u;
    private final byte[] v;
    private final byte[] chromaAlpha;
    /** For each row of the box, its runs of visible pixels: start and end (exclusive) pairs. */
    private final int[][] lumaRuns;
    private final int[][] chromaRuns;

    private OverlayMask(int frameWidth, int frameHeight, Rect box, byte[] luma, byte[] lumaAlpha, byte[] u, byte[] v, byte[] chromaAlpha) {
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        this.box = box;
        this.luma = luma;
        this.lumaAlpha = lumaAlpha;
        this.u = u;
        this.v = v;
        this.chromaAlpha = chromaAlpha;
        this.lumaRuns = runs(lumaAlpha, box.width(), box.height());
        this.chromaRuns = runs(chromaAlpha, box.width() / 2, box.height() / 2);
    }

    /**
     * Each row's runs of non-transparent pixels: a logo in one corner and a lower third in another
     * share one box that is mostly empty, and the blend visits only what is drawn.
     */
    private static int[][] runs(byte[] alpha, int width, int height) {
        int[][] rows = new int[height][];
        int[] row = new int[width + 1];
        for (int y = 0; y < height; y++) {
            int n = 0;
            int x = 0;
            while (x < width) {
                while (x < width && alpha[y * width + x] == 0) {
                    x++;
                }
                if (x == width) {
                    break;
                }
                row[n++] = x;
                while (x < width && alpha[y * width + x] != 0) {
                    x++;
                }
                row[n++] = x;
            }
            rows[y] = java.util.Arrays.copyOf(row, n);
        }
        return rows;
    }

    /** The mask of an ARGB picture of the frame's size; null when it is wholly transparent. */
    public static OverlayMask of(BufferedImage argb) {
        int w = argb.getWidth();
        int h = argb.getHeight();
        int[] px = argb.getRGB(0, 0, w, h, null, 0, w);
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((px[y * w + x] >>> 24) != 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return null;
        }
        int x0 = minX & ~1;
        int y0 = minY & ~1;
        int x1 = Math.min(w, (maxX + 2) & ~1);
        int y1 = Math.min(h, (maxY + 2) & ~1);
        Rect box = new Rect(x0, y0, x1 - x0, y1 - y0);
        int bw = box.width();
        int bh = box.height();
        byte[] luma = new byte[bw * bh];
        byte[] lumaAlpha = new byte[bw * bh];
        byte[] u = new byte[bw * bh / 4];
        byte[] v = new byte[bw * bh / 4];
        byte[] chromaAlpha = new byte[bw * bh / 4];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int p = px[(y0 + y) * w + x0 + x];
                luma[y * bw + x] = (byte) lumaOf(p);
                lumaAlpha[y * bw + x] = (byte) (p >>> 24);
            }
        }
        for (int cy = 0; cy < bh / 2; cy++) {
            for (int cx = 0; cx < bw / 2; cx++) {
                // chroma of the block's colour weighted by each pixel's alpha, alpha the block's mean
                long a = 0, su = 0, sv = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int p = px[(y0 + cy * 2 + dy) * w + x0 + cx * 2 + dx];
                        int pa = p >>> 24;
                        a += pa;
                        su += (long) pa * uOf(p);
                        sv += (long) pa * vOf(p);
                    }
                }
                int i = cy * (bw / 2) + cx;
                chromaAlpha[i] = (byte) ((a + 2) / 4);
                u[i] = (byte) (a == 0 ? 128 : (su + a / 2) / a);
                v[i] = (byte) (a == 0 ? 128 : (sv + a / 2) / a);
            }
        }
        return new OverlayMask(w, h, box, luma, lumaAlpha, u, v, chromaAlpha);
    }

    /** Blends the overlays into {@code frame} (yuv420p of the mask's frame size), in place. */
    public void blend(byte[] frame) {
        int bw = box.width();
        for (int y = 0; y < box.height(); y++) {
            int row = (box.y() + y) * frameWidth + box.x();
            int src = y * bw;
            int[] runs = lumaRuns[y];
            for (int r = 0; r < runs.length; r += 2) {
                for (int x = runs[r]; x < runs[r + 1]; x++) {
                    frame[row + x] = mix(luma[src + x] & 0xff, frame[row + x] & 0xff, lumaAlpha[src + x] & 0xff);
                }
            }
        }
        int lumaSize = frameWidth * frameHeight;
        int chromaSize = lumaSize / 4;
        int cfw = frameWidth / 2;
        int cw = bw / 2;
        for (int y = 0; y < box.height() / 2; y++) {
            int row = (box.y() / 2 + y) * cfw + box.x() / 2;
            int src = y * cw;
            int[] runs = chromaRuns[y];
            for (int r = 0; r < runs.length; r += 2) {
                for (int x = runs[r]; x < runs[r + 1]; x++) {
                    int a = chromaAlpha[src + x] & 0xff;
                    int uAt = lumaSize + row + x;
                    int vAt = lumaSize + chromaSize + row + x;
                    frame[uAt] = mix(u[src + x] & 0xff, frame[uAt] & 0xff, a);
                    frame[vAt] = mix(v[src + x] & 0xff, frame[vAt] & 0xff, a);
                }
            }
        }
    }

    private static byte mix(int over, int under, int alpha) {
        // (x + 128) * 257 >> 16 is x / 255 rounded, for 0 <= x <= 255 * 255, without a division
        int x = over * alpha + under * (255 - alpha);
        return (byte) ((x + 128 + ((x + 128) >> 8)) >> 8);
    }

    /** The box the overlays cover. */
    public Rect box() {
        return box;
    }

    public int frameWidth() {
        return frameWidth;
    }

    public int frameHeight() {
        return frameHeight;
    }

    // BT.601 limited range, what FFmpeg's rgb-to-yuv420p conversion gives by default
    static int lumaOf(int argb) {
        int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
        return clamp((66 * r + 129 * g + 25 * b + 128 >> 8) + 16);
    }

    static int uOf(int argb) {
        int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
        return clamp((-38 * r - 74 * g + 112 * b + 128 >> 8) + 128);
    }

    static int vOf(int argb) {
        int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
        return clamp((112 * r - 94 * g - 18 * b + 128 >> 8) + 128);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
