package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.OverlayMask;
import io.voicebroadcast.voice.pipeline.layout.OverlayPainter;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;
import java.awt.image.BufferedImage;

/**
 * A broadcast's overlays: a logo (its picture loaded once, where it came from masked) and a line
 * of text, either absent. Immutable: a change makes a new one, painted once into the mask the
 * frame clock blends.
 */
public record RoomOverlay(Logo logo, OverlayPainter.Text text) {

    /** A loaded logo: its picture, its source (masked), its corner and its width in % of the picture's. */
    public record Logo(BufferedImage image, String maskedSource, Corner corner, int widthPercent) {
    }

    /** What the status shows of the overlays (every string masked or the caller's own text). */
    public record Status(String logo, String logoCorner, Integer logoWidthPercent, String text, String textStyle) {
    }

    static final RoomOverlay NONE = new RoomOverlay(null, null);

    RoomOverlay withLogo(Logo next) {
        return new RoomOverlay(next, text);
    }

    RoomOverlay withText(OverlayPainter.Text next) {
        return new RoomOverlay(logo, next);
    }

    /** The mask the clock blends into a {@code width} x {@code height} picture; null when there is nothing to draw. */
    OverlayMask mask(int width, int height) {
        if (logo == null && text == null) {
            return null;
        }
        OverlayPainter.Logo painted = logo == null ? null : new OverlayPainter.Logo(logo.image(), logo.corner(), logo.widthPercent());
        return OverlayMask.of(OverlayPainter.paint(width, height, painted, text));
    }

    String describe() {
        return (logo == null ? "no logo" : "logo " + logo.maskedSource() + " " + logo.corner().apiName() + " " + logo.widthPercent() + " %")
                + ", " + (text == null ? "no text" : text.style().apiName() + " '" + text.text() + "'");
    }

    Status status() {
        return new Status(logo == null ? null : logo.maskedSource(), logo == null ? null : logo.corner().apiName(),
                logo == null ? null : logo.widthPercent(), text == null ? null : text.text(),
                text == null ? null : text.style().apiName());
    }

    static TextStyle style(String apiName) {
        return apiName == null ? TextStyle.LOWER_THIRD : TextStyle.fromApi(apiName);
    }
}
