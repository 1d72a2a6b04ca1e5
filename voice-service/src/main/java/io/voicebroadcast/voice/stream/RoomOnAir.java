package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.VideoSource;
import io.voicebroadcast.voice.stream.StreamEvents.ChangeReason;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes on air in a room's slots, as the frame clock tells it: logged, and (after the first)
 * told as an event and a metric with its reason. Part of {@link RoomStream}.
 */
final class RoomOnAir {

    /** Logged as the room's stream, as before these were apart. */
    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);
    /**
     * What goes on air within this long of an update is told as a manual switch: a new camera's
     * first frame can take seconds to arrive (its decoder starts, then waits for a keyframe).
     */
    static final Duration MANUAL_SWITCH_WINDOW = Duration.ofSeconds(15);

    private final UUID roomId;
    private final String roomTag;
    private final BroadcastEnvironment env;
    private final RoomLayouts layouts;
    /** Reports the health after a change (off the clock's thread). */
    private final Runnable reportHealth;
    private volatile Instant onAirSince;
    private volatile long manualSwitchUntilNanos;

    RoomOnAir(UUID roomId, BroadcastEnvironment env, RoomLayouts layouts, Runnable reportHealth) {
        this.roomId = roomId;
        this.roomTag = roomId.toString();
        this.env = env;
        this.layouts = layouts;
        this.reportHealth = reportHealth;
    }

    /** What goes on air from now on, for a while, is told as a manual switch (an update asked for it). */
    void manualSwitch() {
        manualSwitchUntilNanos = env.time().now() + MANUAL_SWITCH_WINDOW.toNanos();
    }

    /** When slot 0's picture last changed, or null. */
    Instant since() {
        return onAirSince;
    }

    void changed(int slot, VideoSource previous, VideoSource current) {
        long now = env.time().now();
        if (slot == 0) {
            onAirSince = env.time().clock().instant();
        }
        String where = slot == 0 && layouts.layout().isSingle() ? "" : " slot " + slot;
        if (previous == null) {
            log.info("room {} on air{}: {}", roomTag, where, describe(current));
            layouts.slotSources(slot).ifPresent(s -> s.onAir(current.kind()));
            return;
        }
        ChangeReason reason;
        if (now < manualSwitchUntilNanos) {
            reason = ChangeReason.MANUAL_SWITCH;
            manualSwitchUntilNanos = 0;
        } else if (current.kind().outranks(previous.kind())) {
            reason = ChangeReason.SOURCE_RECOVERED;
        } else {
            reason = ChangeReason.SOURCE_DISCONNECTED;
        }
        log.info("room {} on air{}: {} (was {}; {})", roomTag, where, describe(current), describe(previous),
                reason.name().toLowerCase());
        env.reporting().events().sourceChanged(roomId, slot, previous.kind(), current.kind(), reason);
        env.reporting().metrics().sourceSwitched(reason);
        layouts.slotSources(slot).ifPresent(s -> s.onAir(current.kind()));
        env.time().executor().execute(reportHealth);
    }

    private static String kindName(SourceKind kind) {
        return kind.name().toLowerCase();
    }

    private static String describe(VideoSource s) {
        return s.kind() == SourceKind.BLACK ? "black" : kindName(s.kind()) + " " + s.description();
    }
}
