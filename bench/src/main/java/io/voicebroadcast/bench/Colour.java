package io.voicebroadcast.bench;

/** The colour bar a picture carries in its top strip (mean Y, U, V in limited range, BT.601). */
enum Colour {
    RED(81, 90, 240),
    BLUE(41, 240, 110),
    YELLOW(210, 16, 146),
    BLACK(16, 128, 128),
    OTHER(-1000, -1000, -1000);

    private static final double MAX_DISTANCE = 40;
    private final int y;
    private final int u;
    private final int v;

    Colour(int y, int u, int v) {
        this.y = y;
        this.u = u;
        this.v = v;
    }

    static Colour of(int y, int u, int v) {
        Colour best = OTHER;
        double bestDistance = MAX_DISTANCE;
        for (Colour c : values()) {
            double d = Math.sqrt(Math.pow(c.y - y, 2) + Math.pow(c.u - u, 2) + Math.pow(c.v - v, 2));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}
