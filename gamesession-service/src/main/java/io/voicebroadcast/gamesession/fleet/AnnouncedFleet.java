package io.voicebroadcast.gamesession.fleet;

import io.voicebroadcast.gamesession.voice.VoiceCallException;
import io.voicebroadcast.gamesession.voice.VoiceClient;
import io.voicebroadcast.gamesession.voice.VoiceFailure;
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The nodes that announce themselves ({@link NodeRegistry}), placed by {@link Placement}; one
 * client per node, made for its advertised URL (and made again if the URL changes).
 */
public final class AnnouncedFleet implements VoiceFleet {

    private final NodeRegistry registry;
    private final Function<String, VoiceClient> clientForUrl;
    private final double minCpuHeadroom;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    private record Client(String url, VoiceClient client) {
    }

    public AnnouncedFleet(NodeRegistry registry, Function<String, VoiceClient> clientForUrl, double minCpuHeadroom) {
        this.registry = registry;
        this.clientForUrl = clientForUrl;
        this.minCpuHeadroom = minCpuHeadroom;
    }

    public NodeRegistry registry() {
        return registry;
    }

    @Override
    public VoiceClient client(String nodeId) {
        String url = url(nodeId);
        if (url == null) {
            Client known = clients.get(nodeId);
            if (known == null) {
                throw new VoiceCallException(VoiceOperation.STATUS, VoiceFailure.UNREACHABLE, null, null,
                        "voice node " + nodeId + " is not in the fleet");
            }
            return known.client();
        }
        return clients.compute(nodeId, (id, c) -> c != null && c.url().equals(url) ? c : new Client(url, clientForUrl.apply(url))).client();
    }

    @Override
    public List<String> candidates(Map<String, Set<UUID>> placedRooms) {
        return Placement.rank(registry.live(), placedRooms, minCpuHeadroom).stream().map(c -> c.node().nodeId()).toList();
    }

    @Override
    public boolean placesByCapacity() {
        return true;
    }

    @Override
    public String url(String nodeId) {
        return registry.live(nodeId).map(VoiceNode::url).orElse(null);
    }
}
