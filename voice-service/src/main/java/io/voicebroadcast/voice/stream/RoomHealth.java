package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.VideoSource;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's health: every fact gathered in one place ({@link #facts}), which {@link HealthPolicy}
 * alone turns into a verdict, and the verdict told when it changes. Part of {@link RoomStream},
 * which serialises the reports.
 */
final class RoomHealth {

    /** Logged as the room's stream, as before these were apart. */
    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);

    private final UUID roomId;
    private final String roomTag;
    private final BroadcastEnvironment env;
    private final HealthPolicy healthPolicy;
    private final FrameClock clock;
    private final EncoderSupervisor encoder;
    private final RoomDestinations destinations;
    private final RoomLayouts layouts;
    private final AudioInput audio;
    private volatile StreamHealth lastHealth;
    private volatile long droppedAtLastCheck;

    RoomHealth(UUID roomId, BroadcastEnvironment env, FrameClock clock, EncoderSupervisor encoder,
               RoomDestinations destinations, RoomLayouts layouts, AudioInput audio) {
        this.roomId = roomId;
        this.roomTag = roomId.toString();
        this.env = env;
        this.healthPolicy = new HealthPolicy(env.supervision().stallTimeout());
        this.clock = clock;
        this.encoder = encoder;
        this.destinations = destinations;
        this.layouts = layouts;
        this.audio = audio;
    }

    /** Decides the verdict now (the new dropped frames counted from the last report) and tells it if it changed. */
    void report() {
        HealthPolicy.Verdict v = healthPolicy.evaluate(facts(true));
        if (v.health() != lastHealth) {
            log.info("room {} health {} -> {}{}", roomTag, lastHealth == null ? "new" : lastHealth.name().toLowerCase(),
                    v.health().name().toLowerCase(), v.message() == null ? "" : ": " + v.message());
            lastHealth = v.health();
            env.reporting().events().health(roomId, v.health(), v.message());
        }
    }

    /** The verdict now, for a status (it counts nothing as seen). */
    HealthPolicy.Verdict verdict() {
        return healthPolicy.evaluate(facts(false));
    }

    /** Every fact the verdict is decided from, read at one instant. */
    private HealthFacts facts(boolean consumeDrops) {
        long now = env.time().now();
        VideoSource onAir = clock.onAir();
        long dropped = encoder.droppedFrames();
        long newDrops = Math.max(0, dropped - droppedAtLastCheck);
        if (consumeDrops) {
            droppedAtLastCheck = dropped;
        }
        List<HealthFacts.Destination> outputs = destinations.snapshots().stream()
                .map(d -> new HealthFacts.Destination(d.id(), d.state())).toList();
        return new HealthFacts(encoder.state(), encoder.outputStalledMs(now), encoder.slowForMs(now), newDrops,
                onAir == null ? SourceKind.BLACK : onAir.kind(), layouts.main().primaryConfigured(),
                layouts.main().note(now, onAir),
                audio.problem(), outputs, layouts.otherSlotFacts(clock, now));
    }
}
