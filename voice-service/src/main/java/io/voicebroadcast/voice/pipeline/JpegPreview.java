package io.voicebroadcast.voice.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A still of a room's raw picture for people to look at: one yuv420p frame of the room's format,
 * scaled down to {@code width} pixels (each output pixel the mean of the luma samples it covers,
 * chroma from the middle of them), turned to RGB (BT.601 limited range, as FFmpeg's scaler makes
 * the frames) and compressed to JPEG with the JDK's ImageIO. No process and no second encode.
 * Not thread-safe: one caller at a time (a room's preview cache).
 */
public final class JpegPreview {

    /** Sharp on a 320-pixel card at twice the pixel density, and a few tens of kilobytes. */
    public static final int DEFAULT_WIDTH = 640;
    private static final float QUALITY = 0.8f;

    private final VideoFormat format;
    private final int width;
    private final int height;
    private final int[] columnStart;
    private final int[] rowStart;
    private final BufferedImage image;
    private final int[] pixels;

    public JpegPreview(VideoFormat format, int width) {
        this.format = format;
        this.width = Math.min(width, format.width());
        this.height = Math.max(1, Math.round((float) format.height() * this.width / format.width()));
        this.columnStart = bounds(format.width(), this.width);
        this.rowStart = bounds(format.height(), this.height);
        this.image = new BufferedImage(this.width, this.height, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /** Where each output column (or row) starts in the source, and one past the last one's end. */
    private static int[] bounds(int source, int target) {
        int[] b = new int[target + 1];
        for (int i = 0; i <= target; i++) {
            b[i] = (int) ((long) i * source / target);
        }
        return b;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The frame as JPEG bytes. */
    public byte[] encode(byte[] frame) {
        if (frame.length != format.frameBytes()) {
            throw new IllegalArgumentException("a frame of " + format.size() + " is " + format.frameBytes() + " bytes, got " + frame.length);
        }
        scale(frame);
        return compress();
    }

    private void scale(byte[] yuv) {
        int w = format.width();
        int uPlane = w * format.height();
        int chromaWidth = w / 2;
        int vPlane = uPlane + chromaWidth * (format.height() / 2);
        for (int oy = 0; oy < height; oy++) {
            int y0 = rowStart[oy];
            int y1 = Math.max(rowStart[oy + 1], y0 + 1);
            int cy = ((y0 + y1) / 2) / 2;
            for (int ox = 0; ox < width; ox++) {
                int x0 = columnStart[ox];
                int x1 = Math.max(columnStart[ox + 1], x0 + 1);
                int sum = 0;
                for (int y = y0; y < y1; y++) {
                    int row = y * w;
                    for (int x = x0; x < x1; x++) {
                        sum += yuv[row + x] & 0xff;
                    }
                }
                int luma = sum / ((y1 - y0) * (x1 - x0));
                int c = cy * chromaWidth + ((x0 + x1) / 2) / 2;
                pixels[oy * width + ox] = rgb(luma, yuv[uPlane + c] & 0xff, yuv[vPlane + c] & 0xff);
            }
        }
    }

    /** BT.601, limited range, in 16.16 fixed point. */
    static int rgb(int y, int u, int v) {
        int c = 76309 * (y - 16);
        int d = u - 128;
        int e = v - 128;
        int r = clamp((c + 104597 * e + 32768) >> 16);
        int g = clamp((c - 25675 * d - 53279 * e + 32768) >> 16);
        int b = clamp((c + 132201 * d + 32768) >> 16);
        return r << 16 | g << 8 | b;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private byte[] compress() {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG compression failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
