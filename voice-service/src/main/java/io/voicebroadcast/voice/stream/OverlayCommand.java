package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;
import java.util.UUID;

/**
 * An overlay request: the logo's URL and the text each keep, clear or set; its corner, width and
 * the text's style null to keep (or for the defaults: top right, 12 %, lower third).
 */
public record OverlayCommand(UUID roomId, Change<String> logoUrl, Corner logoCorner, Integer logoWidthPercent, Change<String> text,
                             TextStyle textStyle) {

    static final Corner DEFAULT_CORNER = Corner.TOP_RIGHT;
    static final int DEFAULT_WIDTH_PERCENT = 12;

    @Override
    public String toString() {
        return "OverlayCommand[" + roomId + "]"; // never the logo's URL
    }
}
