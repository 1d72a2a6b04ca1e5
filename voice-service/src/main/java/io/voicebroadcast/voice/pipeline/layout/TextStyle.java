package io.voicebroadcast.voice.pipeline.layout;

import java.util.Locale;

/** How a text overlay is drawn. */
public enum TextStyle {
    /** A title across the top of the picture. */
    TITLE,
    /** A lower third: a line on a dark band in the lower left (a race's leader, a speaker's name). */
    LOWER_THIRD;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the styles, for an unknown name
     */
    public static TextStyle fromApi(String name) {
        for (TextStyle s : values()) {
            if (s.apiName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown text style '" + name + "': one of title, lower_third");
    }
}
