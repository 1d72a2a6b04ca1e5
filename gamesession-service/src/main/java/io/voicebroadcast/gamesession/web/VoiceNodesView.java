package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.model.NodeBroadcastDto;
import io.voicebroadcast.gamesession.api.model.VoiceNodeStatusDto;
import io.voicebroadcast.gamesession.api.model.VoiceNodesResponseDto;
import io.voicebroadcast.gamesession.broadcast.BroadcastReports;
import io.voicebroadcast.gamesession.broadcast.BroadcastStatus;
import io.voicebroadcast.gamesession.config.GameSessionProperties;
import io.voicebroadcast.gamesession.fleet.AnnouncedFleet;
import io.voicebroadcast.gamesession.fleet.NodeRegistry;
import io.voicebroadcast.gamesession.fleet.NodeState;
import io.voicebroadcast.gamesession.fleet.StaticFleet;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.voicebroadcast.gamesession.fleet.VoiceNode;
import io.voicebroadcast.security.StreamKeyMasker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The voice nodes as this service knows them ({@code VoiceNodesResponse}), for the node list and
 * the dashboard: the announced ones from the {@link NodeRegistry} (nothing asked of any node), or
 * the one static node, each with this service's broadcasts placed on it.
 */
@Component
class VoiceNodesView {

    private final VoiceFleet fleet;
    private final BroadcastReports broadcasts;
    private final Clock clock;
    private final GameSessionProperties p;

    VoiceNodesView(VoiceFleet fleet, BroadcastReports broadcasts, Clock clock, GameSessionProperties p) {
        this.fleet = fleet;
        this.broadcasts = broadcasts;
        this.clock = clock;
        this.p = p;
    }

    VoiceNodesResponseDto nodes() {
        Map<String, List<NodeBroadcastDto>> placed = new TreeMap<>();
        for (BroadcastStatus s : broadcasts.list(null)) {
            if (s.placement() != null) {
                placed.computeIfAbsent(s.placement().nodeId(), id -> new ArrayList<>())
                        .add(new NodeBroadcastDto(s.sessionId(), s.placement().epoch()));
            }
        }
        placed.values().forEach(list -> list.sort(Comparator.comparing(NodeBroadcastDto::getSessionId)));
        if (!(fleet instanceof AnnouncedFleet announced)) {
            VoiceNodeStatusDto node = new VoiceNodeStatusDto(StaticFleet.NODE_ID, VoiceNodeStatusDto.StateEnum.ACTIVE,
                    placed.getOrDefault(StaticFleet.NODE_ID, List.of()));
            node.setUrl(StreamKeyMasker.mask(fleet.url(StaticFleet.NODE_ID)));
            return new VoiceNodesResponseDto(VoiceNodesResponseDto.ModeEnum.STATIC, List.of(node));
        }
        NodeRegistry registry = announced.registry();
        Instant now = clock.instant();
        List<VoiceNodeStatusDto> nodes = new ArrayList<>();
        for (VoiceNode n : registry.live()) {
            VoiceNodeStatusDto node = new VoiceNodeStatusDto(n.nodeId(),
                    n.state() == NodeState.DRAINING ? VoiceNodeStatusDto.StateEnum.DRAINING : VoiceNodeStatusDto.StateEnum.ACTIVE,
                    placed.getOrDefault(n.nodeId(), List.of()));
            node.setUrl(StreamKeyMasker.mask(n.url()));
            node.setVersion(n.version());
            node.setMaxStreams(n.maxStreams());
            node.setActiveStreams(n.activeStreams());
            node.setFreeSlots(n.state() == NodeState.DRAINING ? 0 : Math.max(0, n.maxStreams() - n.activeStreams()));
            node.setCpuHeadroom(Math.round(n.cpuHeadroom() * 100) / 100.0);
            node.setLastHeardAt(n.heardAt().atOffset(ZoneOffset.UTC));
            node.setHeardAgoMs(Math.max(0, Duration.between(n.heardAt(), now).toMillis()));
            nodes.add(node);
        }
        registry.lost().stream().sorted().forEach(id -> nodes.add(new VoiceNodeStatusDto(id, VoiceNodeStatusDto.StateEnum.LOST,
                placed.getOrDefault(id, List.of()))));
        VoiceNodesResponseDto response = new VoiceNodesResponseDto(VoiceNodesResponseDto.ModeEnum.ANNOUNCED, nodes);
        response.setNodeLossMs(registry.lossAfter().toMillis());
        response.setBrokerConnected(registry.brokerConnected());
        return response;
    }
}
