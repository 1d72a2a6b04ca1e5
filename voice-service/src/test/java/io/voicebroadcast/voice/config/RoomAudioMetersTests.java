package io.voicebroadcast.voice.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voicebroadcast.voice.audio.RtpTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomAudioMetersTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<UUID> active = new ArrayList<>();
    private final Map<UUID, RtpTotals> totals = new HashMap<>();
    private final Map<UUID, Double> silence = new HashMap<>();
    private final RoomAudioMeters meters = new RoomAudioMeters(registry, () -> List.copyOf(active),
            room -> Optional.ofNullable(totals.get(room)),
            room -> silence.containsKey(room) ? OptionalDouble.of(silence.get(room)) : OptionalDouble.empty());

    private double packets(UUID room, String outcome) {
        FunctionCounter c = registry.find("voice.audio.packets").tags("room", room.toString(), "outcome", outcome).functionCounter();
        assertThat(c).as("voice.audio.packets %s of %s", outcome, room).isNotNull();
        return c.count();
    }

    private double sources(UUID room) {
        return registry.get("voice.audio.sources").tag("room", room.toString()).gauge().value();
    }

    @Test
    void aBroadcastingRoom_hasItsSourcesAndPacketCounts_byOutcome() {
        UUID room = UUID.randomUUID();
        active.add(room);
        totals.put(room, new RtpTotals(3, 1500, 4, 7, 2));

        meters.refresh();

        assertThat(sources(room)).isEqualTo(3);
        assertThat(packets(room, "received")).isEqualTo(1500);
        assertThat(packets(room, "late")).isEqualTo(4);
        assertThat(packets(room, "lost")).isEqualTo(7);
        assertThat(packets(room, "unexpected_sender")).isEqualTo(2);

        totals.put(room, new RtpTotals(2, 1600, 4, 9, 2));
        assertThat(sources(room)).as("read live, not at refresh").isEqualTo(2);
        assertThat(packets(room, "lost")).isEqualTo(9);
    }

    @Test
    void aRoomThatStopped_keepsItsLastCounts_untilTheNextRefreshRemovesIt() {
        UUID stays = UUID.randomUUID();
        UUID stops = UUID.randomUUID();
        active.addAll(List.of(stays, stops));
        totals.put(stays, new RtpTotals(1, 10, 0, 0, 0));
        totals.put(stops, new RtpTotals(2, 500, 1, 3, 0));
        meters.refresh();
        assertThat(packets(stops, "received")).isEqualTo(500);

        totals.remove(stops);
        active.remove(stops);
        assertThat(packets(stops, "received")).as("never steps down").isEqualTo(500);
        assertThat(sources(stops)).isZero();

        meters.refresh();
        assertThat(registry.find("voice.audio.packets").tag("room", stops.toString()).meters()).isEmpty();
        assertThat(registry.find("voice.audio.sources").tag("room", stops.toString()).meters()).isEmpty();
        assertThat(packets(stays, "received")).isEqualTo(10);
    }

    @Test
    void aQuietRoom_showsHowLongItsAudioHasBeenSilent_readLive() {
        UUID room = UUID.randomUUID();
        active.add(room);
        totals.put(room, new RtpTotals(1, 10, 0, 0, 0));
        silence.put(room, 12.5);
        meters.refresh();

        assertThat(registry.get("voice.audio.silent.seconds").tag("room", room.toString()).gauge().value()).isEqualTo(12.5);
        silence.put(room, 0.0);
        assertThat(registry.get("voice.audio.silent.seconds").tag("room", room.toString()).gauge().value()).isZero();
        silence.remove(room);
        assertThat(registry.get("voice.audio.silent.seconds").tag("room", room.toString()).gauge().value())
                .as("a room that stopped keeps its last value until the refresh removes it").isZero();
        active.remove(room);
        meters.refresh();
        assertThat(registry.find("voice.audio.silent.seconds").tag("room", room.toString()).meters()).isEmpty();
    }

    @Test
    void refreshing_twice_registersEachRoomOnce() {
        UUID room = UUID.randomUUID();
        active.add(room);
        totals.put(room, new RtpTotals(1, 1, 0, 0, 0));
        meters.refresh();
        meters.refresh();
        assertThat(registry.find("voice.audio.packets").tag("room", room.toString()).meters()).hasSize(4);
    }
}
