package io.voicebroadcast.gamesession.events;

import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator;
import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.camera.RegistryChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one valid camera event: once per eventId, to the registry, then to the orchestration
 * rules. Returns only when the event is applied (the caller acknowledges it then); an update or
 * end for an unknown camera is an {@link InvalidCameraEventException}. Plain Java; one event at a time.
 */
public final class CameraEventHandler {

    private static final Logger log = LoggerFactory.getLogger(CameraEventHandler.class);

    private final CameraRegistry registry;
    private final BroadcastOrchestrator orchestrator;
    private final ProcessedEventIds processed;

    public CameraEventHandler(CameraRegistry registry, BroadcastOrchestrator orchestrator, int dedupeCapacity) {
        this(registry, orchestrator, new ProcessedEvents(dedupeCapacity));
    }

    /** With the processed eventIds kept elsewhere (the database). */
    public CameraEventHandler(CameraRegistry registry, BroadcastOrchestrator orchestrator, ProcessedEventIds processed) {
        this.registry = registry;
        this.orchestrator = orchestrator;
        this.processed = processed;
    }

    public synchronized EventOutcome handle(CameraEvent event) {
        if (processed.contains(event.eventId())) {
            log.info("camera event {} was applied before: duplicate ignored", event.eventId());
            return EventOutcome.DUPLICATE;
        }
        RegistryChange change = registry.apply(event);
        if (change instanceof RegistryChange.UnknownCamera) {
            throw new InvalidCameraEventException("unknown camera " + event.camera() + ": no CameraStreamStartedEvent was seen for it");
        }
        if (change instanceof RegistryChange.Ignored ignored) {
            log.info("camera event {} ignored: {}", event.eventId(), ignored.why());
            processed.add(event.eventId());
            return EventOutcome.IGNORED;
        }
        RegistryChange.Applied applied = (RegistryChange.Applied) change;
        log.info("camera event {} applied: {}", event.eventId(), applied.after());
        orchestrator.onCameraChange(applied);
        processed.add(event.eventId());
        return EventOutcome.APPLIED;
    }
}
