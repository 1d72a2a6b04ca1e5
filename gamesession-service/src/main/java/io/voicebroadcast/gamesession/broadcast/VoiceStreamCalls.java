package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.voicebroadcast.gamesession.voice.DestinationPlan;
import io.voicebroadcast.gamesession.voice.StreamChange;
import io.voicebroadcast.gamesession.voice.StreamDestination;
import io.voicebroadcast.gamesession.voice.VoiceCallException;
import io.voicebroadcast.gamesession.voice.VoiceClient;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import io.voicebroadcast.gamesession.voice.VoiceStreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice calls that take a session's voice stream where the orchestrator decided: start (with
 * a scaled room created when the session has none), update (destinations removed, then the
 * update of the sources and the first destination's URL, then destinations added) and stop, with
 * the answers that mean "already so" taken as done. Each call that succeeds is recorded in the
 * session ({@code actual}, {@code cameraOnAir}, {@code roomId}) at once, so a failure part way
 * leaves the session true to the voice service and a retry does only the rest. Called with the
 * session's lock held; a failure is a {@link VoiceCallException} for the orchestrator to record.
 */
final class VoiceStreamCalls {

    private static final Logger log = LoggerFactory.getLogger(VoiceStreamCalls.class);
    /** The voice API's problem type for a destination it does not have (its 404 otherwise means "not streaming"). */
    private static final String DESTINATION_NOT_FOUND = "destination-not-found";
    /** The voice API's problem type for a start of a room that streams already (its other 409 is a destination conflict). */
    private static final String ALREADY_STREAMING = "already-streaming";

    private final VoiceFleet fleet;

    VoiceStreamCalls(VoiceFleet fleet) {
        this.fleet = fleet;
    }

    /** The node that holds the session's broadcast. */
    private VoiceClient voice(SessionBroadcast s) {
        return fleet.client(s.nodeId);
    }

    void start(SessionBroadcast s, VoiceStreamSpec desired, Camera chosen) {
        ensureRoom(s);
        log.info("session {}: starting the voice stream of room {} on node {} with {} ({})", s.sessionId, s.roomId, s.nodeId,
                describe(chosen), desired);
        try {
            voice(s).startStream(s.roomId, desired);
            s.actual = desired;
        } catch (VoiceCallException e) {
            if (e.isStatus(409) && ALREADY_STREAMING.equals(e.problemType())) {
                // Already streaming (e.g. an earlier start whose answer was lost): make it ours. The
                // update sets the sources and the first destination; the others are then put right.
                log.info("session {}: room {} is already streaming; updating it instead", s.sessionId, s.roomId);
                VoiceStreamState running = voice(s).updateStream(s.roomId, StreamChange.everything(desired));
                s.actual = desired.withDestinations(takenOver(running, desired));
                s.cameraOnAir = chosen;
                update(s, desired, chosen);
            } else if (e.isStatus(404) && s.roomCreatedHere) {
                log.info("session {}: room {} is gone from the voice service; creating a new one", s.sessionId, s.roomId);
                s.roomId = null;
                ensureRoom(s);
                voice(s).startStream(s.roomId, desired);
                s.actual = desired;
            } else {
                throw e;
            }
        }
    }

    /**
     * The destinations of a stream that was already running, as the voice service named them:
     * the first has the URL the update just gave it; the others' URLs are not known (they never
     * count as staying, so they are replaced by the wanted ones).
     */
    private static List<StreamDestination> takenOver(VoiceStreamState running, VoiceStreamSpec desired) {
        if (running.destinations().isEmpty()) {
            return desired.destinations();
        }
        List<StreamDestination> out = new ArrayList<>();
        out.add(new StreamDestination(running.destinations().get(0).id(), desired.rtmpOutputUrl()));
        running.destinations().stream().skip(1).forEach(d -> out.add(new StreamDestination(d.id(), null)));
        return out;
    }

    /**
     * Turns the running stream ({@code s.actual}) into {@code desired}: destinations removed, then
     * the update (the sources and the first destination's URL), then destinations added. When no
     * destination stays, the stream is stopped and started with the new list.
     */
    void update(SessionBroadcast s, VoiceStreamSpec desired, Camera chosen) {
        DestinationPlan plan = DestinationPlan.between(s.actual.destinations(), desired.destinations());
        try {
            if (plan.restart()) {
                log.info("session {}: no destination of room {}'s stream stays ({} -> {}): stopping it and starting it again",
                        s.sessionId, s.roomId, s.actual.destinations(), desired.destinations());
                stop(s);
                s.actual = null;
                s.cameraOnAir = null;
                start(s, desired, chosen);
                return;
            }
            Optional<StreamChange> change = StreamChange.between(s.actual, desired, plan.firstUrl());
            boolean layoutChanged = !s.actual.sameLayout(desired);
            if (plan.isEmpty() && change.isEmpty() && !layoutChanged) {
                return;
            }
            if (!plan.isEmpty()) {
                log.info("session {}: changing the destinations of room {}'s stream: {}", s.sessionId, s.roomId, plan);
            }
            for (String id : plan.removals()) {
                removeDestination(s, id);
                s.actual = s.actual.withDestinations(DestinationPlan.without(s.actual.destinations(), id));
            }
            if (change.isPresent()) {
                log.info("session {}: updating the voice stream of room {}: {} on air ({})", s.sessionId, s.roomId, describe(chosen), change.get());
                voice(s).updateStream(s.roomId, change.get());
                List<StreamDestination> running = plan.firstUrl() == null ? s.actual.destinations()
                        : DestinationPlan.withFirstUrl(s.actual.destinations(), plan.firstUrl());
                s.actual = desired.withDestinations(running).withLayoutOf(s.actual);
                s.cameraOnAir = chosen;
            }
            if (layoutChanged) {
                log.info("session {}: switching the layout of room {}'s stream: {}", s.sessionId, s.roomId, desired);
                voice(s).switchLayout(s.roomId, desired);
                s.actual = s.actual.withLayoutOf(desired);
            }
            for (StreamDestination d : plan.additions()) {
                addDestination(s, d);
                s.actual = s.actual.withDestinations(DestinationPlan.with(s.actual.destinations(), d));
            }
        } catch (VoiceCallException e) {
            if (!e.isStatus(404) || DESTINATION_NOT_FOUND.equals(e.problemType())) {
                throw e;
            }
            // The voice service no longer streams the room (restarted, or the room is gone): start again.
            log.info("session {}: room {} is not streaming any more; starting again", s.sessionId, s.roomId);
            s.actual = null;
            s.cameraOnAir = null;
            start(s, desired, chosen);
        }
    }

    /**
     * After a restart of this service: takes the stream its node runs for the session's room as
     * {@code running}, with the destinations as the node names them (a reconfiguration cut short
     * shows there; one no longer configured has no known URL, so it is replaced). Only a status
     * question: nothing on air changes.
     *
     * @return false when the room does not stream any more
     */
    boolean adopt(SessionBroadcast s, VoiceStreamSpec running) {
        VoiceStreamState state = voice(s).streamStatus(s.roomId);
        if (!state.streaming()) {
            return false;
        }
        java.util.Map<String, String> configured = new java.util.HashMap<>();
        running.destinations().forEach(d -> configured.put(d.id(), d.url()));
        s.actual = state.destinations().isEmpty() ? running : running.withDestinations(state.destinations().stream()
                .map(d -> new StreamDestination(d.id(), configured.get(d.id()))).toList());
        return true;
    }

    private void removeDestination(SessionBroadcast s, String id) {
        try {
            voice(s).removeDestination(s.roomId, id);
        } catch (VoiceCallException e) {
            if (!DESTINATION_NOT_FOUND.equals(e.problemType())) {
                throw e;
            }
            log.info("session {}: destination {} of room {} was gone already", s.sessionId, id, s.roomId);
        }
    }

    private void addDestination(SessionBroadcast s, StreamDestination d) {
        try {
            voice(s).addDestination(s.roomId, d);
        } catch (VoiceCallException e) {
            // A retried add whose first answer was lost meets its own destination: that is done.
            if (!e.isStatus(409) || voice(s).streamStatus(s.roomId).destinations().stream().noneMatch(r -> r.id().equals(d.id()))) {
                throw e;
            }
            log.info("session {}: destination {} of room {} was added already", s.sessionId, d.id(), s.roomId);
        }
    }

    void stop(SessionBroadcast s) {
        log.info("session {}: stopping the voice stream of room {}", s.sessionId, s.roomId);
        try {
            voice(s).stopStream(s.roomId);
        } catch (VoiceCallException e) {
            if (!e.isStatus(404)) {
                throw e;
            }
            log.info("session {}: room {} was not streaming", s.sessionId, s.roomId);
        }
    }

    private void ensureRoom(SessionBroadcast s) {
        if (s.roomId == null) {
            s.roomId = voice(s).createScaledRoom("game session " + s.sessionId);
            s.roomCreatedHere = true;
            log.info("session {}: created scaled voice room {} on node {}", s.sessionId, s.roomId, s.nodeId);
        }
    }

    private static String describe(Camera camera) {
        return camera == null ? "no camera (the voice cascade's fallbacks)" : "camera " + camera.key();
    }
}
