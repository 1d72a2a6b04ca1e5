package io.voicebroadcast.gamesession.fleet;

import io.voicebroadcast.gamesession.voice.VoiceClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The voice nodes as the orchestrator uses them: which may take a new broadcast, and each one's
 * client. Either the one node of GAMESESSION_VOICE_BASE_URL ({@link StaticFleet}) or the nodes
 * that announce themselves on RabbitMQ ({@link AnnouncedFleet}).
 */
public interface VoiceFleet {

    /** The client of one node (its calls fail as unreachable when the node is not in the fleet). */
    VoiceClient client(String nodeId);

    /**
     * The nodes a new broadcast may go to now, best first; empty when there is no capacity anywhere.
     *
     * @param placedRooms the rooms placed on each node by id
     */
    List<String> candidates(Map<String, Set<UUID>> placedRooms);

    /**
     * Whether a {@code 503} from a node means "full, try the next node" (a fleet that knows its
     * capacity) rather than a failure to retry on the same node (the one static node).
     */
    boolean placesByCapacity();

    /** Where the node's API answers, for the status; null when the node is not known. */
    String url(String nodeId);
}
