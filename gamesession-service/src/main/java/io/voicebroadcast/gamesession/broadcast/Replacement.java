package io.voicebroadcast.gamesession.broadcast;

import java.time.Instant;

/**
 * Why a broadcast was placed again on another node: the node it was on, when, and the reason
 * ({@code node_lost}: silent for GAMESESSION_NODE_LOSS_MS; {@code node_left}: it shut down).
 */
public record Replacement(String fromNode, Instant at, String reason) {

    public static final String NODE_LOST = "node_lost";
    public static final String NODE_LEFT = "node_left";
}
