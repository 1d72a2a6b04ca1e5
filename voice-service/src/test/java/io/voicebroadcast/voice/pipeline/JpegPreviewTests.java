package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegPreviewTests {

    private static final VideoFormat HD = new VideoFormat(1280, 720, 30);

    /** A frame of one colour: limited-range YUV as FFmpeg's scaler makes it from RGB (BT.601). */
    static byte[] solid(VideoFormat f, int r, int g, int b) {
        int y = (int) Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
        int u = (int) Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
        int v = (int) Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
        byte[] frame = new byte[f.frameBytes()];
        int luma = f.width() * f.height();
        Arrays.fill(frame, 0, luma, (byte) y);
        Arrays.fill(frame, luma, luma + luma / 4, (byte) u);
        Arrays.fill(frame, luma + luma / 4, frame.length, (byte) v);
        return frame;
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    static double[] meanRgb(BufferedImage img, int x0, int x1) {
        double[] sum = new double[3];
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                int p = img.getRGB(x, y);
                sum[0] += p >> 16 & 0xff;
                sum[1] += p >> 8 & 0xff;
                sum[2] += p & 0xff;
                n++;
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    @Test
    void aSolidFrame_keepsItsColour_at640PixelsWide() throws IOException {
        JpegPreview preview = new JpegPreview(HD, JpegPreview.DEFAULT_WIDTH);
        for (int[] rgb : new int[][] {{255, 0, 255}, {0, 128, 0}, {255, 255, 0}, {16, 16, 16}}) {
            BufferedImage img = decode(preview.encode(solid(HD, rgb[0], rgb[1], rgb[2])));
            assertThat(img.getWidth()).isEqualTo(640);
            assertThat(img.getHeight()).isEqualTo(360);
            double[] mean = meanRgb(img, 0, img.getWidth());
            for (int c = 0; c < 3; c++) {
                assertThat(mean[c]).as("channel %d of %s", c, Arrays.toString(rgb)).isCloseTo(rgb[c], within(6.0));
            }
        }
    }

    @Test
    void scalingDown_averagesTheSamplesEachPixelCovers() throws IOException {
        VideoFormat f = new VideoFormat(64, 32, 30);
        byte[] frame = solid(f, 128, 128, 128);
        // alternate columns black and white: a mean of them is mid grey, never a stripe of either
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                frame[y * f.width() + x] = (byte) (x % 2 == 0 ? 16 : 235);
            }
        }
        BufferedImage img = decode(new JpegPreview(f, 32).encode(frame));
        assertThat(img.getWidth()).isEqualTo(32);
        assertThat(meanRgb(img, 0, 32)[1]).isCloseTo(128, within(6.0));
    }

    @Test
    void aPreviewWiderThanTheFrame_isTheFrameSize() {
        VideoFormat small = new VideoFormat(320, 180, 30);
        JpegPreview preview = new JpegPreview(small, 640);
        assertThat(preview.width()).isEqualTo(320);
        assertThat(preview.height()).isEqualTo(180);
    }

    @Test
    void bt601LimitedRange_blackAndWhite() {
        assertThat(JpegPreview.rgb(16, 128, 128)).isEqualTo(0x000000);
        assertThat(JpegPreview.rgb(235, 128, 128)).isEqualTo(0xffffff);
    }
}
