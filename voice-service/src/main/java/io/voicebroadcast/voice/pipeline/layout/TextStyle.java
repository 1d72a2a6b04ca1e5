package io.voicebroadcast.voice.pipeline.layout;

/** How a text overlay is drawn. */
public enum TextStyle {
    /** A title across the top of the picture. */
    TITLE,
    /** A lower third: a line on a dark band in the lower left (a race's leader, a speaker's name). */
    LOWER_THIRD;

    public String apiName() {
        return ApiNames.of(this);
    }

    /**
     * @throws IllegalArgumentException naming the styles, for an unknown name
     */
    public static TextStyle fromApi(String name) {
        return ApiNames.parse(TextStyle.class, name, "text style");
    }
}
