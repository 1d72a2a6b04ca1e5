package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.voicebroadcast.gamesession.voice.VoiceCallException;
import java.util.List;
import java.util.UUID;

/**
 * The API's requests on sessions' broadcasts: each goes to the {@link BroadcastOrchestrator}, and
 * a request that answers one broadcast adds the voice stream's status as the voice node holding
 * it reports it now. That question is asked after the orchestrator has let go of the session's
 * lock, so a slow answer delays only this reply, never the session's events.
 */
public final class BroadcastReports {

    private final BroadcastOrchestrator broadcasts;
    private final VoiceFleet fleet;

    public BroadcastReports(BroadcastOrchestrator broadcasts, VoiceFleet fleet) {
        this.broadcasts = broadcasts;
        this.fleet = fleet;
    }

    public BroadcastReport configure(BroadcastConfig config) {
        return withVoiceStream(broadcasts.configure(config));
    }

    public BroadcastReport selectCamera(UUID sessionId, String cameraId, UUID gameInstanceId) {
        return selectCamera(sessionId, cameraId, gameInstanceId, 0);
    }

    /** A hand selection for a slot of the layout (0: the main picture). */
    public BroadcastReport selectCamera(UUID sessionId, String cameraId, UUID gameInstanceId, int slot) {
        return withVoiceStream(broadcasts.selectCamera(sessionId, cameraId, gameInstanceId, slot));
    }

    /** The stop's answer has no voice stream: there is none any more. */
    public BroadcastStatus stop(UUID sessionId) {
        return broadcasts.stop(sessionId);
    }

    /** @throws BroadcastNotFoundException when no broadcast is configured for the session */
    public BroadcastReport report(UUID sessionId) {
        return withVoiceStream(broadcasts.status(sessionId).orElseThrow(() -> BroadcastOrchestrator.notConfigured(sessionId)));
    }

    /** Every configured broadcast (in one phase, unless {@code phase} is null), by session ID, without asking the voice service. */
    public List<BroadcastStatus> list(BroadcastPhase phase) {
        return broadcasts.list(phase);
    }

    /** A status from {@link #list} with the voice stream's status as the voice service reports it now. */
    public BroadcastReport reportOf(BroadcastStatus status) {
        return withVoiceStream(status);
    }

    private BroadcastReport withVoiceStream(BroadcastStatus status) {
        if (status.voiceRoomId() == null || status.placement() == null || status.phase() == BroadcastPhase.STOPPED) {
            return new BroadcastReport(status, null, null);
        }
        try {
            return new BroadcastReport(status, fleet.client(status.placement().nodeId()).streamStatus(status.voiceRoomId()), null);
        } catch (VoiceCallException e) {
            return new BroadcastReport(status, null, e.getMessage());
        }
    }
}
