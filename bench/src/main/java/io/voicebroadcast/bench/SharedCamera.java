package io.voicebroadcast.bench;

import io.voicebroadcast.bench.ServiceProcesses.Kind;
import io.voicebroadcast.bench.ServiceProcesses.Usage;
import java.util.Locale;

/**
 * Four rooms on one camera ({@code --only=shared}), as a race camera under four commentary rooms:
 * the decoder processes that read the camera (one, shared), and the CPU of the four rooms next to
 * one room's measured just before: at most one decode plus four times the rest of a room.
 */
record SharedCamera(Rig rig, Table table) {

    static final int ROOMS = 4;
    /** Below this encoder speed the rooms were starved of CPU, and what they used is no measure of their cost. */
    static final double MIN_SPEED = 0.99;

    /** CPU by kind and the camera's decoders while {@code n} rooms show the camera. */
    private record Measured(Usage usage, int decoders, double speed) {
    }

    void run() {
        int seconds = rig.quick ? 15 : 60;
        String camera = rig.camera(Colour.RED);
        Measured one = rooms(camera, 1, seconds);
        Measured four = rooms(camera, ROOMS, seconds);
        double bound = bound(one.usage(), ROOMS);
        String n = seconds + " s each, 1280x720@30 at 2500 kb/s";
        table.add(new Table.Row("shared camera", "four rooms on one camera: decoder processes reading it", four.decoders(), ROOMS, "", "1",
                four.decoders() == 1, "the baseline column: one FFmpeg per room decodes it; " + n));
        table.add(new Table.Row("shared camera", "four rooms on one camera: CPU cores, all processes (JVM + FFmpegs)", four.usage().total(),
                Double.NaN, "", String.format(Locale.ROOT, "≤ one decode + four encodes (%.2f)", bound), four.usage().total() <= bound && four.speed() >= MIN_SPEED,
                String.format(Locale.ROOT, "one room %.2f (%s); four rooms: %s; the slowest encoder's speed %.2f with one room,"
                        + " %.2f with four (below 1: starved, the CPU is no measure); %s", one.usage().total(), one.usage().describe(),
                        four.usage().describe(), one.speed(), four.speed(), n)));
    }

    /** One room's decode once, and everything else of it (encoder, publisher, the JVM's share) {@code rooms} times. */
    static double bound(Usage oneRoom, int rooms) {
        double decode = oneRoom.of(Kind.DECODER);
        return decode + rooms * (oneRoom.total() - decode);
    }

    private Measured rooms(String camera, int n, int seconds) {
        try (RoomsOnCamera rooms = RoomsOnCamera.start(rig, camera, n, "shared-" + n)) {
            long pid = rooms.ours.pid();
            Bench.sleep(10_000);
            int decoders = ServiceProcesses.find(pid, Kind.DECODER, camera).size();
            Usage usage = ServiceProcesses.measure(pid, seconds);
            // below 1, the rooms did not get the CPU they needed: their CPU is then no measure of their cost
            double speed = rooms.encoderSpeeds().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            Rig.log("shared camera, " + n + " room(s): " + decoders + " decoder(s) of the camera; " + usage.describe()
                    + "; slowest encoder's speed " + speed);
            return new Measured(usage, decoders, speed);
        }
    }
}
