package io.voicebroadcast.voice.e2e;

import static org.awaitility.Awaitility.await;

import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.stream.DestinationState;
import io.voicebroadcast.voice.stream.StreamEvents;
import io.voicebroadcast.voice.stream.StreamHealth;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event with the moment it was emitted (System.nanoTime), for order and timing assertions. */
final class RecordingStreamEvents implements StreamEvents {

    record Event(UUID roomId, String name, String detail, long nanos) {
        @Override
        public String toString() {
            return name + "(" + detail + ")";
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void started(UUID roomId, SourceKind onAir) {
        events.add(new Event(roomId, "started", kind(onAir), System.nanoTime()));
    }

    @Override
    public void stopped(UUID roomId, StopReason reason) {
        events.add(new Event(roomId, "stopped", reason.name().toLowerCase(), System.nanoTime()));
    }

    @Override
    public void sourceChanged(UUID roomId, int slot, SourceKind previous, SourceKind current, ChangeReason reason) {
        events.add(new Event(roomId, "source_changed", (slot == 0 ? "" : "slot " + slot + " ") + kind(previous) + "->" + kind(current)
                + " " + reason.name().toLowerCase(), System.nanoTime()));
    }

    @Override
    public void health(UUID roomId, StreamHealth health, String maskedMessage) {
        events.add(new Event(roomId, "health", health.name().toLowerCase(), System.nanoTime()));
    }

    /** Detail: {@code id state} (and {@code error} when there is one), e.g. {@code d2 reconnecting refused}. */
    @Override
    public void destination(UUID roomId, String destinationId, DestinationState.Name state, DestinationState.Name previous,
                            int reconnects, DestinationError error, String maskedMessage) {
        events.add(new Event(roomId, "destination", destinationId + " " + state.name().toLowerCase()
                + (error == null ? "" : " " + error.kind()), System.nanoTime()));
    }

    List<Event> of(UUID roomId) {
        return events.stream().filter(e -> e.roomId().equals(roomId)).toList();
    }

    List<Event> of(UUID roomId, String name) {
        return of(roomId).stream().filter(e -> e.name().equals(name)).toList();
    }

    /** Waits (up to 10 s) for the first event of that name and detail emitted at or after {@code sinceNanos}; returns when it was. */
    long awaitFirst(UUID roomId, String name, String detail, long sinceNanos) {
        await().atMost(Duration.ofSeconds(10)).until(() -> first(roomId, name, detail, sinceNanos) != null);
        return first(roomId, name, detail, sinceNanos).nanos();
    }

    private Event first(UUID roomId, String name, String detail, long sinceNanos) {
        return of(roomId, name).stream().filter(e -> e.nanos() >= sinceNanos && e.detail().equals(detail)).findFirst().orElse(null);
    }

    private static String kind(SourceKind k) {
        return k.name().toLowerCase();
    }
}
