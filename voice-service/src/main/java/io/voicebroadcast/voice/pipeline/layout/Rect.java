package io.voicebroadcast.voice.pipeline.layout;

/**
 * A rectangle of the output picture, in pixels, with an even origin and an even size: a yuv420p
 * picture's chroma covers two by two pixels, so a slot or an overlay on even bounds never splits a
 * chroma sample with its neighbour.
 */
public record Rect(int x, int y, int width, int height) {

    public Rect {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a rectangle needs a positive size at a non-negative origin: " + this);
        }
        if (x % 2 != 0 || y % 2 != 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("a rectangle of a yuv420p picture is even: " + x + "," + y + " " + width + "x" + height);
        }
    }

    public boolean overlaps(Rect o) {
        return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
    }

    public boolean contains(int px, int py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }

    public long area() {
        return (long) width * height;
    }

    /** The largest even number at most {@code v}. */
    static int even(double v) {
        return ((int) Math.floor(v)) & ~1;
    }
}
