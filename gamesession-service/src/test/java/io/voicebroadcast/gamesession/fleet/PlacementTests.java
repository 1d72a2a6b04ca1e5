package io.voicebroadcast.gamesession.fleet;

import static io.voicebroadcast.gamesession.fleet.Nodes.active;
import static io.voicebroadcast.gamesession.fleet.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where a new broadcast goes. */
class PlacementTests {

    static final UUID R1 = UUID.randomUUID();
    static final UUID R2 = UUID.randomUUID();
    static final UUID R3 = UUID.randomUUID();

    private static List<String> order(List<VoiceNode> nodes, Map<String, Set<UUID>> placed) {
        return Placement.rank(nodes, placed, 0.1).stream().map(c -> c.node().nodeId()).toList();
    }

    @Test
    void theNodeWithTheMostFreeSlots_first() {
        List<VoiceNode> nodes = List.of(active("a", 2, Set.of(R1)), active("b", 3, Set.of(R2)), active("c", 2, Set.of()));
        assertThat(order(nodes, Map.of())).containsExactly("b", "c", "a");
    }

    @Test
    void equalSlots_theMostCpuHeadroomFirst_thenById() {
        List<VoiceNode> nodes = List.of(node("a", 2, Set.of(), 0.4, NodeState.ACTIVE), node("b", 2, Set.of(), 0.7, NodeState.ACTIVE),
                node("c", 2, Set.of(), 0.4, NodeState.ACTIVE));
        assertThat(order(nodes, Map.of())).containsExactly("b", "a", "c");
    }

    @Test
    void aNodeWhoseCpuIsNearlyFull_takesNothing_evenWithSlotsFree() {
        List<VoiceNode> nodes = List.of(node("a", 10, Set.of(), 0.05, NodeState.ACTIVE), active("b", 1, Set.of()));
        assertThat(order(nodes, Map.of())).containsExactly("b");
    }

    @Test
    void drainingAndLeavingNodes_takeNothing() {
        List<VoiceNode> nodes = List.of(node("a", 10, Set.of(), 0.9, NodeState.DRAINING), node("b", 10, Set.of(), 0.9, NodeState.LEAVING),
                active("c", 1, Set.of()));
        assertThat(order(nodes, Map.of())).containsExactly("c");
    }

    @Test
    void roomsPlacedSinceTheLastAnnouncement_countAgainstTheNode() {
        List<VoiceNode> nodes = List.of(active("a", 2, Set.of(R1)), active("b", 2, Set.of()));
        // b's announcement is a heartbeat old: two broadcasts were placed on it since.
        assertThat(order(nodes, Map.of("b", Set.of(R2, R3)))).containsExactly("a");
        // a room both announced and placed counts once.
        assertThat(order(nodes, Map.of("a", Set.of(R1)))).containsExactly("b", "a");
    }

    @Test
    void noFreeSlotAnywhere_noCandidate() {
        assertThat(order(List.of(active("a", 1, Set.of(R1)), active("b", 1, Set.of(R2))), Map.of())).isEmpty();
    }

    @Test
    void tenNodes_rankedInWellUnderAMillisecond_asTheBenchmarkMeasures() {
        List<VoiceNode> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(node("node-" + i, 5, Set.of(), i / 10.0, NodeState.ACTIVE));
        }
        assertThat(order(nodes, Map.of())).hasSize(9).startsWith("node-9").endsWith("node-1");
    }
}
