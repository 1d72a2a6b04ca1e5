package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.RtpTone;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rooms of the main service on air together, all on one camera, each with its tone and a
 * destination key of its own; closing stops and deletes them and ends the tones.
 */
final class RoomsOnCamera implements AutoCloseable {

    final Ours ours;
    final List<UUID> rooms = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    private final List<RtpTone> tones = new ArrayList<>();

    private RoomsOnCamera(Ours ours) {
        this.ours = ours;
    }

    static RoomsOnCamera start(Rig rig, String camera, int n, String keyPrefix) {
        RoomsOnCamera all = new RoomsOnCamera(rig.main());
        try {
            for (int i = 0; i < n; i++) {
                UUID room = all.ours.createRoom();
                all.rooms.add(room);
                String key = Rig.key(keyPrefix);
                all.keys.add(key);
                all.tones.add(rig.tone(all.ours.start(room, rig.out(key), camera, null)));
            }
            return all;
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    /** Each room's encoder speed over its last progress interval (0 when it has none). */
    List<Double> encoderSpeeds() {
        return rooms.stream().map(r -> ours.status(r).path("encoderSpeed").asDouble(0)).toList();
    }

    @Override
    public void close() {
        rooms.forEach(ours::stopAndDelete);
        tones.forEach(RtpTone::close);
    }
}
