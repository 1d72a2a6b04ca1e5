package io.voicebroadcast.voice.pipeline.layout;

/** A corner of the picture, where an inset or a logo sits. */
public enum Corner {
    TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT;

    /** The API's name, e.g. {@code bottom_right}. */
    public String apiName() {
        return ApiNames.of(this);
    }

    /**
     * @throws IllegalArgumentException naming the corners, for an unknown name
     */
    public static Corner fromApi(String name) {
        return ApiNames.parse(Corner.class, name, "corner");
    }

    /** A {@code width} x {@code height} box in this corner of a {@code frameWidth} x {@code frameHeight} picture, {@code margin} from its edges. */
    Rect place(int frameWidth, int frameHeight, int width, int height, int margin) {
        int left = margin;
        int right = frameWidth - width - margin;
        int top = margin;
        int bottom = frameHeight - height - margin;
        return switch (this) {
            case TOP_LEFT -> new Rect(left, top, width, height);
            case TOP_RIGHT -> new Rect(right, top, width, height);
            case BOTTOM_LEFT -> new Rect(left, bottom, width, height);
            case BOTTOM_RIGHT -> new Rect(right, bottom, width, height);
        };
    }
}
