package io.voicebroadcast.voice.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.voicebroadcast.voice.audio.RtpTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Each broadcasting room's audio in metrics: {@code voice.audio.sources} (RTP streams mixed now),
 * {@code voice.audio.packets} by {@code outcome} (received, late, lost, unexpected_sender) and
 * {@code voice.audio.silent.seconds} (how long its audio has been silent), tagged with the room
 * id. A room's meters are registered at the first {@link #refresh()} that sees it broadcast and
 * removed at the first that does not.
 */
final class RoomAudioMeters {

    private final MeterRegistry registry;
    private final Supplier<List<UUID>> activeRooms;
    private final Function<UUID, Optional<RtpTotals>> totals;
    private final Function<UUID, OptionalDouble> silentSeconds;
    private final Map<UUID, RoomMeters> rooms = new HashMap<>();

    RoomAudioMeters(MeterRegistry registry, Supplier<List<UUID>> activeRooms, Function<UUID, Optional<RtpTotals>> totals,
                    Function<UUID, OptionalDouble> silentSeconds) {
        this.registry = registry;
        this.activeRooms = activeRooms;
        this.totals = totals;
        this.silentSeconds = silentSeconds;
    }

    synchronized void refresh() {
        Set<UUID> active = new HashSet<>(activeRooms.get());
        rooms.entrySet().removeIf(e -> {
            if (active.contains(e.getKey())) {
                return false;
            }
            e.getValue().meters.forEach(registry::remove);
            return true;
        });
        for (UUID room : active) {
            rooms.computeIfAbsent(room, this::register);
        }
    }

    private RoomMeters register(UUID room) {
        RoomMeters m = new RoomMeters(room);
        Tags tags = Tags.of("room", room.toString());
        m.meters.add(Gauge.builder("voice.audio.sources", m, r -> r.read().sources())
                .description("RTP audio streams mixed into the room's broadcast now").tags(tags).register(registry));
        m.meters.add(packets(m, tags, "received", RtpTotals::packetsReceived));
        m.meters.add(packets(m, tags, "late", RtpTotals::late));
        m.meters.add(packets(m, tags, "lost", RtpTotals::lost));
        m.meters.add(packets(m, tags, "unexpected_sender", RtpTotals::unexpectedSender));
        m.meters.add(Gauge.builder("voice.audio.silent.seconds", m, RoomMeters::silentSeconds)
                .description("How long the room's broadcast audio has been silent (a quiet room is normal)").tags(tags).register(registry));
        return m;
    }

    private Meter packets(RoomMeters m, Tags tags, String outcome, ToDoubleFunction<RtpTotals> count) {
        return FunctionCounter.builder("voice.audio.packets", m, r -> count.applyAsDouble(r.read()))
                .description("RTP audio packets of the room's broadcast since it started, by outcome (late and lost are played as silence)")
                .tags(tags.and("outcome", outcome)).register(registry);
    }

    /** One room's meters and the last totals read, kept when the room stops before its meters go. */
    private final class RoomMeters {
        final UUID room;
        final List<Meter> meters = new ArrayList<>();
        volatile RtpTotals last = RtpTotals.NONE;
        volatile double lastSilentSeconds;

        RoomMeters(UUID room) {
            this.room = room;
        }

        RtpTotals read() {
            RtpTotals now = totals.apply(room).orElse(last.withSources(0));
            last = now;
            return now;
        }

        double silentSeconds() {
            OptionalDouble now = silentSeconds.apply(room);
            if (now.isPresent()) {
                lastSilentSeconds = now.getAsDouble();
            }
            return lastSilentSeconds;
        }
    }
}
