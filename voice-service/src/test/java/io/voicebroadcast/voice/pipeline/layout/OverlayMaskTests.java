package io.voicebroadcast.voice.pipeline.layout;

import static io.voicebroadcast.voice.pipeline.layout.CanvasTests.solid;
import static io.voicebroadcast.voice.pipeline.layout.CanvasTests.yuvAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class OverlayMaskTests {

    private static BufferedImage logo(Color colour) {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 40, 20);
        g.dispose();
        return img;
    }

    @Test
    void anOpaqueLogo_replacesThePictureInItsBox_andLeavesTheRest() {
        var logo = new OverlayPainter.Logo(logo(Color.RED), Corner.TOP_LEFT, 25);
        OverlayMask mask = OverlayMask.of(OverlayPainter.paint(320, 180, logo, null));
        Rect box = OverlayPainter.logoBox(320, 180, logo);
        assertThat(mask.box()).isEqualTo(box);
        byte[] frame = solid(320, 180, 16, 128, 128);
        mask.blend(frame);
        int[] red = yuvAt(frame, 320, 180, box.x() + box.width() / 2, box.y() + box.height() / 2);
        assertThat(red[0]).isBetween(78, 84);   // BT.601 red: Y 81, U 90, V 240
        assertThat(red[1]).isBetween(87, 93);
        assertThat(red[2]).isBetween(236, 242);
        assertThat(yuvAt(frame, 320, 180, 300, 170)).containsExactly(16, 128, 128);
    }

    @Test
    void aHalfTransparentLogo_mixesWithThePictureUnderIt() {
        var logo = new OverlayPainter.Logo(logo(new Color(255, 255, 255, 128)), Corner.BOTTOM_RIGHT, 25);
        OverlayMask mask = OverlayMask.of(OverlayPainter.paint(320, 180, logo, null));
        byte[] frame = solid(320, 180, 16, 128, 128);
        mask.blend(frame);
        Rect box = OverlayPainter.logoBox(320, 180, logo);
        int y = yuvAt(frame, 320, 180, box.x() + box.width() / 2, box.y() + box.height() / 2)[0];
        assertThat(y).isBetween(120, 132); // halfway between black (16) and white (235)
    }

    @Test
    void aLowerThird_darkensItsBand_andWritesItsText() {
        var text = new OverlayPainter.Text("Leader: car 7", TextStyle.LOWER_THIRD);
        OverlayMask mask = OverlayMask.of(OverlayPainter.paint(640, 360, null, text));
        Rect band = OverlayPainter.lowerThirdBand(640, 360);
        assertThat(mask.box().contains(band.x() + 4, band.y() + 4)).isTrue();
        byte[] frame = solid(640, 360, 200, 128, 128);
        mask.blend(frame);
        int bright = 0;
        int dark = 0;
        for (int x = band.x() + band.height(); x < band.x() + band.width(); x++) {
            for (int y = band.y(); y < band.y() + band.height(); y++) {
                int luma = yuvAt(frame, 640, 360, x, y)[0];
                if (luma > 190) {
                    bright++;
                } else if (luma < 100) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("band pixels darkened").isGreaterThan(bright);
        assertThat(bright).as("text pixels").isGreaterThan(50);
        assertThat(yuvAt(frame, 640, 360, 10, 10)).containsExactly(200, 128, 128);
    }

    @Test
    void differentText_givesADifferentPicture() {
        byte[] a = solid(640, 360, 60, 128, 128);
        byte[] b = solid(640, 360, 60, 128, 128);
        OverlayMask.of(OverlayPainter.paint(640, 360, null, new OverlayPainter.Text("Leader: car 7", TextStyle.TITLE))).blend(a);
        OverlayMask.of(OverlayPainter.paint(640, 360, null, new OverlayPainter.Text("Leader: car 12", TextStyle.TITLE))).blend(b);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void nothingToDraw_isNoMask() {
        assertThat(OverlayMask.of(OverlayPainter.paint(64, 64, null, null))).isNull();
        assertThat(OverlayMask.of(OverlayPainter.paint(64, 64, null, new OverlayPainter.Text("  ", TextStyle.TITLE)))).isNull();
    }
}
