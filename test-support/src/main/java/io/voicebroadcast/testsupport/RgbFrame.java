package io.voicebroadcast.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One sampled frame at a small size, in RGB, for looking at regions of the picture (a layout's
 * slots, a logo's corner, a lower third's band).
 */
public record RgbFrame(double timeSec, int width, int height, byte[] rgb) {

    /** The mean RGB of the region given in fractions of the frame ({@code 0.5, 0, 1, 0.5}: the top right quarter). */
    public double[] meanRgb(double fx0, double fy0, double fx1, double fy1) {
        int x0 = (int) Math.round(fx0 * width);
        int y0 = (int) Math.round(fy0 * height);
        int x1 = Math.max(x0 + 1, (int) Math.round(fx1 * width));
        int y1 = Math.max(y0 + 1, (int) Math.round(fy1 * height));
        double[] m = new double[3];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    m[c] += rgb[i + c] & 0xFF;
                }
            }
        }
        int n = (x1 - x0) * (y1 - y0);
        for (int c = 0; c < 3; c++) {
            m[c] /= n;
        }
        return m;
    }

    /** The solid colour nearest to the region's mean, or {@link MediaAnalysis.Colour#OTHER} when none is close. */
    public MediaAnalysis.Colour colourIn(double fx0, double fy0, double fx1, double fy1) {
        double[] m = meanRgb(fx0, fy0, fx1, fy1);
        MediaAnalysis.Colour best = MediaAnalysis.Colour.OTHER;
        double bestDistance = MediaAnalysis.MATCH_DISTANCE;
        for (MediaAnalysis.Colour c : MediaAnalysis.Colour.values()) {
            if (!c.isSolid()) {
                continue;
            }
            double d = c.distanceTo(m);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** How many pixels of the region differ from {@code other}'s by more than {@code threshold} in a channel. */
    public int pixelsDifferentFrom(RgbFrame other, double fx0, double fy0, double fx1, double fy1, int threshold) {
        int x0 = (int) Math.round(fx0 * width);
        int y0 = (int) Math.round(fy0 * height);
        int x1 = (int) Math.round(fx1 * width);
        int y1 = (int) Math.round(fy1 * height);
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    if (Math.abs((rgb[i + c] & 0xFF) - (other.rgb[i + c] & 0xFF)) > threshold) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /** For messages: the colour of each quarter, left to right, top to bottom. */
    public String quarters() {
        return String.format(Locale.ROOT, "%.2fs [%s %s / %s %s]", timeSec, colourIn(0, 0, 0.5, 0.5), colourIn(0.5, 0, 1, 0.5),
                colourIn(0, 0.5, 0.5, 1), colourIn(0.5, 0.5, 1, 1));
    }

    /** The picture at {@code sampleFps} samples per second, each scaled to {@code width} x {@code height} RGB (area average). */
    public static List<RgbFrame> sample(Path file, int sampleFps, int width, int height) {
        byte[] raw = MediaTools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-map", "0:v:0",
                "-vf", "fps=" + sampleFps + ",scale=" + width + ":" + height + ":flags=area",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
        int size = width * height * 3;
        List<RgbFrame> frames = new ArrayList<>();
        for (int i = 0; (i + 1) * size <= raw.length; i++) {
            frames.add(new RgbFrame((double) i / sampleFps, width, height, java.util.Arrays.copyOfRange(raw, i * size, (i + 1) * size)));
        }
        return frames;
    }

    /** A picture file (a JPEG preview, a PNG) scaled to {@code width} x {@code height} RGB. */
    public static RgbFrame of(byte[] picture, int width, int height) {
        Path tmp = null;
        try {
            tmp = java.nio.file.Files.createTempFile("picture-", ".img");
            java.nio.file.Files.write(tmp, picture);
            byte[] raw = MediaTools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", tmp.toString(), "-frames:v", "1",
                    "-vf", "scale=" + width + ":" + height + ":flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
            return new RgbFrame(0, width, height, raw);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                tmp.toFile().delete();
            }
        }
    }
}
