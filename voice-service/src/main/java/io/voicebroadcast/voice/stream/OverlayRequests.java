package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.ImageLoader;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.SourceUnavailableException;
import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.OverlayPainter;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;

/**
 * What an overlay request makes of a broadcast's logo and text: a new logo is fetched (under the
 * egress policy) and decoded here, so a logo that cannot be read is refused with the reason.
 */
final class OverlayRequests {

    private final UrlValidation urls;
    private final BroadcastEnvironment env;
    private final Redaction redaction;

    OverlayRequests(UrlValidation urls, BroadcastEnvironment env, Redaction redaction) {
        this.urls = urls;
        this.env = env;
        this.redaction = redaction;
    }

    /** @throws InvalidStreamRequestException the request changes nothing, or its logo width is out of range */
    static void check(OverlayCommand cmd) {
        if (cmd.logoUrl().isKeep() && cmd.text().isKeep() && cmd.logoCorner() == null && cmd.logoWidthPercent() == null
                && cmd.textStyle() == null) {
            throw new InvalidStreamRequestException("Nothing to change: give logoUrl, logoCorner, logoWidthPercent, text or textStyle");
        }
        if (cmd.logoWidthPercent() != null && (cmd.logoWidthPercent() < 1 || cmd.logoWidthPercent() > 50)) {
            throw new InvalidStreamRequestException("logoWidthPercent: 1..50, got " + cmd.logoWidthPercent());
        }
    }

    /** The overlays after {@code cmd}, from {@code now}; a new logo's URL is remembered in {@code entry} for the masker. */
    RoomOverlay next(OverlayCommand cmd, RoomOverlay now, StreamEntry entry) {
        RoomOverlay.Logo logo = now.logo();
        Corner corner = cmd.logoCorner() != null ? cmd.logoCorner() : logo != null ? logo.corner() : OverlayCommand.DEFAULT_CORNER;
        int width = cmd.logoWidthPercent() != null ? cmd.logoWidthPercent()
                : logo != null ? logo.widthPercent() : OverlayCommand.DEFAULT_WIDTH_PERCENT;
        if (cmd.logoUrl() instanceof Change.Set<String> set) {
            MediaInput input = urls.image("logoUrl", set.value());
            entry.urls.add(set.value());
            try {
                logo = new RoomOverlay.Logo(ImageLoader.loadPicture(env.processes().decoder().ffmpegPath(), input,
                        env.processes().imageLoadTimeout(), redaction.forUrls(entry.urls)), input.masked(), corner, width);
            } catch (SourceUnavailableException e) {
                throw new InvalidStreamRequestException("logoUrl: " + e.getMessage());
            }
        } else if (cmd.logoUrl() instanceof Change.Clear) {
            logo = null;
        } else if (logo != null) {
            logo = new RoomOverlay.Logo(logo.image(), logo.maskedSource(), corner, width);
        }
        OverlayPainter.Text text = now.text();
        TextStyle style = cmd.textStyle() != null ? cmd.textStyle() : text != null ? text.style() : TextStyle.LOWER_THIRD;
        if (cmd.text() instanceof Change.Set<String> set) {
            text = set.value().isBlank() ? null : new OverlayPainter.Text(set.value().strip(), style);
        } else if (cmd.text() instanceof Change.Clear) {
            text = null;
        } else if (text != null) {
            text = new OverlayPainter.Text(text.text(), style);
        }
        return new RoomOverlay(logo, text);
    }
}
