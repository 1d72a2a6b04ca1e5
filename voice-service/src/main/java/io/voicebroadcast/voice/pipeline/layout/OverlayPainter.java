package io.voicebroadcast.voice.pipeline.layout;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws a room's overlays (a logo in a corner, a line of text) with Java2D into one transparent
 * picture of the output's size, once per change; {@link OverlayMask} turns it into what the frame
 * clock blends into every frame.
 */
public final class OverlayPainter {

    /** A logo: its picture (with alpha), its corner and its width as a share of the frame's width. */
    public record Logo(BufferedImage image, Corner corner, int widthPercent) {
        public Logo {
            if (widthPercent < 1 || widthPercent > 50) {
                throw new IllegalArgumentException("a logo's width is 1..50 % of the picture's, got " + widthPercent);
            }
        }
    }

    /** A line of text and how it is drawn. */
    public record Text(String text, TextStyle style) {
    }

    /** A logo or a title stays this share of the frame's height away from its edges. */
    static final double MARGIN_SHARE = 0.04;

    private OverlayPainter() {
    }

    /** The logo's box in a {@code width} x {@code height} frame. */
    public static Rect logoBox(int width, int height, Logo logo) {
        int w = Math.max(2, Rect.even(width * logo.widthPercent() / 100.0));
        double aspect = (double) logo.image().getHeight() / Math.max(1, logo.image().getWidth());
        int h = Math.max(2, Math.min(height - 4, Rect.even(w * aspect)));
        return logo.corner().place(width, height, w, h, Rect.even(height * MARGIN_SHARE));
    }

    /** The lower third's band in a {@code width} x {@code height} frame. */
    public static Rect lowerThirdBand(int width, int height) {
        int bandHeight = Rect.even(height * 0.1);
        int top = Rect.even(height * 0.78);
        int left = Rect.even(width * 0.05);
        return new Rect(left, top, Rect.even(width * 0.6), Math.max(2, bandHeight));
    }

    /** The overlays, either of which may be null, drawn into an ARGB picture of the frame's size. */
    public static BufferedImage paint(int width, int height, Logo logo, Text text) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setComposite(AlphaComposite.SrcOver);
            if (logo != null) {
                Rect box = logoBox(width, height, logo);
                g.drawImage(logo.image(), box.x(), box.y(), box.width(), box.height(), null);
            }
            if (text != null && !text.text().isBlank()) {
                drawText(g, width, height, text);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawText(Graphics2D g, int width, int height, Text text) {
        if (text.style() == TextStyle.LOWER_THIRD) {
            Rect band = lowerThirdBand(width, height);
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRect(band.x(), band.y(), band.width(), band.height());
            g.setColor(new Color(255, 196, 0));
            g.fillRect(band.x(), band.y(), Math.max(2, Rect.even(band.height() * 0.12)), band.height());
            Font font = fitted(g, text.text(), (int) (band.height() * 0.62), band.width() - band.height());
            g.setFont(font);
            FontMetrics m = g.getFontMetrics();
            int baseline = band.y() + (band.height() - m.getHeight()) / 2 + m.getAscent();
            g.setColor(Color.WHITE);
            g.drawString(text.text(), band.x() + band.height() / 2, baseline);
        } else {
            int margin = Rect.even(height * MARGIN_SHARE);
            Font font = fitted(g, text.text(), (int) (height * 0.07), width - 2 * margin);
            g.setFont(font);
            FontMetrics m = g.getFontMetrics();
            int x = (width - m.stringWidth(text.text())) / 2;
            int baseline = margin + m.getAscent();
            g.setColor(new Color(0, 0, 0, 160)); // a shadow, so white text reads on a bright picture
            g.drawString(text.text(), x + 2, baseline + 2);
            g.setColor(Color.WHITE);
            g.drawString(text.text(), x, baseline);
        }
    }

    /** A bold sans-serif font of at most {@code size} pixels, smaller when the text would not fit {@code maxWidth}. */
    private static Font fitted(Graphics2D g, String text, int size, int maxWidth) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, size));
        int w = g.getFontMetrics(font).stringWidth(text);
        if (w > maxWidth && w > 0) {
            font = font.deriveFont((float) Math.max(8, Math.floor(font.getSize2D() * maxWidth / w)));
        }
        return font;
    }
}
