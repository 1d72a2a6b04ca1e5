package io.voicebroadcast.gamesession.fleet;

import io.voicebroadcast.gamesession.voice.VoiceClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One voice node, GAMESESSION_VOICE_BASE_URL, as before fleets: every broadcast goes to it, its
 * capacity is its own business (a {@code 503} is a failure retried in the background).
 */
public final class StaticFleet implements VoiceFleet {

    /** The one node's id in the status. */
    public static final String NODE_ID = "default";

    private final VoiceClient client;
    private final String url;

    public StaticFleet(VoiceClient client, String url) {
        this.client = client;
        this.url = url;
    }

    @Override
    public VoiceClient client(String nodeId) {
        return client;
    }

    @Override
    public List<String> candidates(Map<String, Set<UUID>> placedRooms) {
        return List.of(NODE_ID);
    }

    @Override
    public boolean placesByCapacity() {
        return false;
    }

    @Override
    public String url(String nodeId) {
        return url;
    }
}
