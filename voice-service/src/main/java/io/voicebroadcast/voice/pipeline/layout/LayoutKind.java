package io.voicebroadcast.voice.pipeline.layout;

/** The predefined layouts and how many slots each has. */
public enum LayoutKind {
    /** One camera over the whole picture: a broadcast as it always was. */
    SINGLE(1),
    /** A main picture over the whole frame with an inset in a corner. */
    PIP(2),
    /** Two pictures, left and right halves. */
    SIDE_BY_SIDE(2),
    /** Four pictures, two by two. */
    GRID(4);

    /** The most slots any layout has. */
    public static final int MAX_SLOTS = 4;

    private final int slots;

    LayoutKind(int slots) {
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    public String apiName() {
        return ApiNames.of(this);
    }

    /**
     * @throws IllegalArgumentException naming the layouts, for an unknown name
     */
    public static LayoutKind fromApi(String name) {
        return ApiNames.parse(LayoutKind.class, name, "layout");
    }
}
