package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.model.DashboardSessionDto;
import io.voicebroadcast.gamesession.api.model.SessionsDashboardDto;
import io.voicebroadcast.gamesession.broadcast.BroadcastReport;
import io.voicebroadcast.gamesession.broadcast.BroadcastReports;
import io.voicebroadcast.gamesession.broadcast.BroadcastStatus;
import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.config.GameSessionProperties;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard feed's payload, as the schema's SessionsDashboard: each configured session's
 * broadcast as the status API answers it (the voice stream asked for now, every URL masked), its
 * live cameras, and where its voice node's dashboard shows it; and the voice nodes as the node
 * list answers them.
 */
@Component
class DashboardPayloads {

    /** The event name on the wire, and how often it is sent. */
    public static final String SESSIONS = "sessions";
    public static final Duration EVERY = Duration.ofSeconds(2);

    private final BroadcastReports broadcasts;
    private final CameraRegistry cameras;
    private final JsonMapper json;
    private final Clock clock;
    private final String voiceDashboard;
    /** Announced nodes: each broadcast links to its own node's dashboard, at the node's advertised URL. */
    private final VoiceFleet fleet;
    private final VoiceNodesView nodes;

    DashboardPayloads(BroadcastReports broadcasts, CameraRegistry cameras, JsonMapper json, Clock clock, GameSessionProperties p,
                      VoiceFleet fleet, VoiceNodesView nodes) {
        this.broadcasts = broadcasts;
        this.cameras = cameras;
        this.json = json;
        this.clock = clock;
        this.voiceDashboard = p.voiceDashboard();
        this.fleet = p.voiceNodes() == GameSessionProperties.VoiceNodes.ANNOUNCED ? fleet : null;
        this.nodes = nodes;
    }

    private String voiceDashboardOf(BroadcastStatus status) {
        if (status.voiceRoomId() == null) {
            return null;
        }
        String nodeUrl = fleet == null || status.placement() == null ? null : fleet.url(status.placement().nodeId());
        return (nodeUrl == null ? voiceDashboard : nodeUrl + "/dashboard/") + "#room-" + status.voiceRoomId();
    }

    String sessions() {
        List<DashboardSessionDto> sessions = new ArrayList<>();
        Set<UUID> configured = new HashSet<>();
        for (BroadcastStatus status : broadcasts.list(null)) {
            configured.add(status.sessionId());
            BroadcastReport report = broadcasts.reportOf(status);
            DashboardSessionDto s = new DashboardSessionDto(status.sessionId(), ApiMapper.toDto(report),
                    cameras.list(status.sessionId(), null, false).stream().map(ApiMapper::toDto).toList());
            s.setVoiceDashboardUrl(voiceDashboardOf(status));
            sessions.add(s);
        }
        List<Camera> others = cameras.list(null, null, false).stream()
                .filter(c -> c.sessionId() == null || !configured.contains(c.sessionId())).toList();
        SessionsDashboardDto dashboard = new SessionsDashboardDto(clock.instant().atOffset(ZoneOffset.UTC), sessions,
                others.stream().map(ApiMapper::toDto).toList());
        dashboard.setNodes(nodes.nodes());
        return json.writeValueAsString(dashboard);
    }
}
