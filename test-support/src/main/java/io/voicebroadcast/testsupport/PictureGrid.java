package io.voicebroadcast.testsupport;

import java.util.List;

/**
 * A frame scaled down to an 8x8 RGB grid (area average), as {@link MediaAnalysis}'s colour
 * timeline samples it, and how far two grids are apart.
 */
final class PictureGrid {

    static final int GRID = 8;
    static final int GRID_BYTES = GRID * GRID * 3;
    private static volatile int[] testCardGrid;

    private PictureGrid() {
    }

    static int[] of(byte[] raw, int offset) {
        int[] g = new int[GRID_BYTES];
        for (int i = 0; i < GRID_BYTES; i++) {
            g[i] = raw[offset + i] & 0xFF;
        }
        return g;
    }

    static double distance(int[] a, int[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i += 3) {
            double dr = a[i] - b[i];
            double dg = a[i + 1] - b[i + 1];
            double db = a[i + 2] - b[i + 2];
            sum += Math.sqrt(dr * dr + dg * dg + db * db);
        }
        return sum / (GRID * GRID);
    }

    /** The SMPTE HD bars at 8x8, computed once with the same scaling as the samples. */
    static int[] testCardGrid() {
        int[] g = testCardGrid;
        if (g == null) {
            byte[] raw = MediaTools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i", "smptehdbars=size=1280x720",
                    "-frames:v", "1", "-vf", "scale=" + GRID + ":" + GRID + ":flags=area",
                    "-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
            g = of(raw, 0);
            testCardGrid = g;
        }
        return g;
    }

    /** A solid colour's grid. */
    static int[] solid(int rgb) {
        int[] g = new int[GRID_BYTES];
        for (int i = 0; i < g.length; i += 3) {
            g[i] = (rgb >> 16) & 0xFF;
            g[i + 1] = (rgb >> 8) & 0xFF;
            g[i + 2] = rgb & 0xFF;
        }
        return g;
    }
}
