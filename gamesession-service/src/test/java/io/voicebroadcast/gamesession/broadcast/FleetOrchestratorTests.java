package io.voicebroadcast.gamesession.broadcast;

import static io.voicebroadcast.gamesession.fleet.Nodes.active;
import static io.voicebroadcast.gamesession.fleet.Nodes.node;
import static io.voicebroadcast.gamesession.testing.Cameras.started;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.CREATE_ROOM;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.DELETE_ROOM;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.START;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.STOP;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.events.CameraEventHandler;
import io.voicebroadcast.gamesession.fleet.AnnouncedFleet;
import io.voicebroadcast.gamesession.fleet.NodeRegistry;
import io.voicebroadcast.gamesession.fleet.NodeState;
import io.voicebroadcast.gamesession.fleet.VoiceNode;
import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import io.voicebroadcast.gamesession.testing.MutableClock;
import io.voicebroadcast.gamesession.voice.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator over a fleet of announced nodes (each a fake voice service), with a clock moved
 * by hand: placement by capacity, waiting for capacity, a 503 moving on, node loss and
 * re-placement, fencing, and every call reaching the node that holds the broadcast.
 */
class FleetOrchestratorTests {

    static final String CAMERA = "rtmp://game-1:1935/cameras/race-cam-main";
    static final String CROWD = "rtmp://game-1:1935/cameras/crowd-cam";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:00:00Z"));
    final Map<String, FakeVoiceClient> nodes = new LinkedHashMap<>();
    final NodeRegistry fleetRegistry = new NodeRegistry(clock, Duration.ofSeconds(3));
    final AnnouncedFleet fleet = new AnnouncedFleet(fleetRegistry, url -> nodes.get(url.replaceAll("^http://|:8080$", "")), 0.1);
    final CameraRegistry cameras = new CameraRegistry(clock, Duration.ofHours(1));
    final BroadcastOrchestrator orchestrator = new BroadcastOrchestrator(cameras, fleet, clock,
            new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(30)));
    final CameraEventHandler events = new CameraEventHandler(cameras, orchestrator, 1000);

    FleetOrchestratorTests() {
        for (String id : List.of("a", "b", "c")) {
            nodes.put(id, new FakeVoiceClient());
        }
    }

    private void announce(String id, int max) {
        fleetRegistry.heard(active(id, max, Set.of()));
    }

    /** A session configured with a live camera of its own game: it starts at once if a node has room. */
    private UUID broadcast() {
        UUID session = UUID.randomUUID();
        events.handle(started(clock.instant(), UUID.randomUUID(), "race-cam-main", session, CAMERA));
        orchestrator.configure(new BroadcastConfig(session, "rtmp://live.example.com/app/sk_" + session.toString().substring(0, 8), null,
                null, List.of("race-cam-main"), null));
        return session;
    }

    private BroadcastStatus status(UUID session) {
        return orchestrator.status(session).orElseThrow();
    }

    private String nodeOf(UUID session) {
        return status(session).placement() == null ? null : status(session).placement().nodeId();
    }

    @Test
    void capsOfTwo_sixPlacedNoNodeOverItsCap_theSeventhWaitsForCapacity_andIsPlacedWhenOneStops() {
        nodes.keySet().forEach(id -> announce(id, 2));
        List<UUID> sessions = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sessions.add(broadcast());
        }

        Map<String, Long> perNode = sessions.subList(0, 6).stream().collect(Collectors.groupingBy(this::nodeOf, Collectors.counting()));
        assertThat(perNode).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 2L));
        sessions.subList(0, 6).forEach(s -> assertThat(status(s).phase()).isEqualTo(BroadcastPhase.ON_AIR));
        UUID seventh = sessions.get(6);
        assertThat(status(seventh).phase()).isEqualTo(BroadcastPhase.WAITING_FOR_CAPACITY);
        assertThat(status(seventh).placement()).isNull();
        assertThat(status(seventh).lastError()).isNull();

        String freed = nodeOf(sessions.get(2));
        orchestrator.stop(sessions.get(2));
        orchestrator.retryDue();

        assertThat(status(seventh).phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(nodeOf(seventh)).isEqualTo(freed);
        assertThat(status(seventh).placement().epoch()).isEqualTo(1);
    }

    @Test
    void aNodeAnswering503_theStartMovesToTheNextNode_andTheRoomMadeThereIsDeleted() {
        announce("a", 5);
        announce("b", 2);
        nodes.get("a").failNext(START, 503, "stream-capacity");

        UUID session = broadcast();

        assertThat(nodeOf(session)).isEqualTo("b");
        assertThat(status(session).phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(nodes.get("a").operations()).containsExactly(CREATE_ROOM, START, DELETE_ROOM);
        assertThat(nodes.get("b").operations()).containsExactly(CREATE_ROOM, START);
    }

    @Test
    void aDrainingNode_getsNoPlacement() {
        fleetRegistry.heard(node("a", 10, Set.of(), 0.9, NodeState.DRAINING));
        announce("b", 1);

        assertThat(nodeOf(broadcast())).isEqualTo("b");
        assertThat(status(broadcast()).phase()).isEqualTo(BroadcastPhase.WAITING_FOR_CAPACITY);
        assertThat(nodes.get("a").operations()).isEmpty();
    }

    @Test
    void aLostNode_itsBroadcastsArePlacedElsewhere_withANewRoomAndTheSameConfiguration_andTheStatusSaysWhy() {
        announce("a", 2);
        UUID session = broadcast();
        UUID oldRoom = status(session).voiceRoomId();
        assertThat(nodeOf(session)).isEqualTo("a");
        announce("b", 2);
        announce("c", 2);

        clock.advance(Duration.ofMillis(3500));
        announce("b", 2);
        announce("c", 2);
        List<VoiceNode> lost = fleetRegistry.declareLosses();
        assertThat(lost).extracting(VoiceNode::nodeId).containsExactly("a");
        orchestrator.onNodesLost(List.of("a"), Replacement.NODE_LOST);

        BroadcastStatus now = status(session);
        assertThat(now.phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(now.placement().nodeId()).isIn("b", "c");
        assertThat(now.placement().epoch()).isEqualTo(2);
        assertThat(now.voiceRoomId()).isNotEqualTo(oldRoom);
        assertThat(now.lastReplacement()).isEqualTo(new Replacement("a", clock.instant(), Replacement.NODE_LOST));
        assertThat(now.cameraOnAir().rtmpUrl()).isEqualTo(CAMERA);
        FakeVoiceClient there = nodes.get(now.placement().nodeId());
        assertThat(there.stream(now.voiceRoomId()).backgroundVideoUrl()).isEqualTo(CAMERA);
        assertThat(there.stream(now.voiceRoomId()).rtmpOutputUrl()).isEqualTo(nodes.get("a").stream(oldRoom).rtmpOutputUrl());
    }

    @Test
    void aNodeThatComesBackStreamingARoomPlacedElsewhere_isToldToStopIt_andNothingElse() {
        announce("a", 2);
        announce("b", 2);
        UUID session = broadcast();
        String first = nodeOf(session);
        String other = first.equals("a") ? "b" : "a";
        UUID oldRoom = status(session).voiceRoomId();
        orchestrator.onNodesLost(List.of(first), Replacement.NODE_LOST);
        UUID newRoom = status(session).voiceRoomId();
        assertThat(nodeOf(session)).isEqualTo(other);

        UUID notOurs = UUID.randomUUID();
        VoiceNode back = active(first, 2, Set.of(oldRoom, notOurs));
        List<BroadcastOrchestrator.Fence> fences = orchestrator.fencesFor(back);
        assertThat(fences).containsExactly(new BroadcastOrchestrator.Fence(first, oldRoom, true));
        nodes.get(first).clearCalls();
        fences.forEach(orchestrator::fence);
        assertThat(nodes.get(first).calls()).extracting(FakeVoiceClient.Call::operation).containsExactly(STOP, DELETE_ROOM);
        assertThat(nodes.get(first).calls()).allMatch(c -> c.roomId().equals(oldRoom));

        // The node holding the broadcast now is never fenced for it; a room gone from the announcement needs no fence.
        assertThat(orchestrator.fencesFor(active(other, 2, Set.of(newRoom)))).isEmpty();
        assertThat(orchestrator.fencesFor(active(first, 2, Set.of()))).isEmpty();
        assertThat(orchestrator.fencesFor(active(first, 2, Set.of(oldRoom)))).as("forgotten once the node stopped it").isEmpty();
    }

    @Test
    void updateAndStop_reachTheNodeHoldingTheBroadcast() {
        announce("a", 1);
        announce("b", 1);
        UUID first = broadcast();
        UUID second = broadcast();
        String holder = nodeOf(second);
        String other = nodeOf(first);
        assertThat(holder).isNotEqualTo(other);
        nodes.values().forEach(FakeVoiceClient::clearCalls);

        // a better ranked camera of the second session goes live: update, on its node only
        UUID game = UUID.randomUUID();
        events.handle(started(clock.instant(), game, "crowd-cam", second, CROWD));
        orchestrator.configure(new BroadcastConfig(second, "rtmp://live.example.com/app/sk_x", null, null, List.of("crowd-cam"), null));
        assertThat(nodes.get(holder).operations()).contains(UPDATE);
        orchestrator.stop(second);
        assertThat(nodes.get(holder).operations()).contains(STOP, DELETE_ROOM);
        assertThat(nodes.get(other).operations()).isEmpty();
    }

    @Test
    void aStreamThatStoppedOnItsNodeByItself_isStartedAgain_butNotForeverInARow() {
        announce("a", 2);
        UUID session = broadcast();
        UUID room = status(session).voiceRoomId();
        Duration grace = Duration.ofSeconds(3);

        clock.advance(Duration.ofSeconds(1));
        fleetRegistry.heard(active("a", 2, Set.of()));
        VoiceNode early = fleetRegistry.live("a").orElseThrow();
        assertThat(orchestrator.lacksRunningRooms(early, grace)).as("an announcement from before the start took effect").isFalse();

        for (int i = 1; i <= BroadcastOrchestrator.MAX_VANISHED_RESTARTS; i++) {
            nodes.get("a").forgetStream(room);
            nodes.get("a").clearCalls();
            clock.advance(Duration.ofSeconds(5));
            fleetRegistry.heard(active("a", 2, Set.of()));
            VoiceNode without = fleetRegistry.live("a").orElseThrow();
            assertThat(orchestrator.lacksRunningRooms(without, grace)).isTrue();
            orchestrator.onAnnounced(without, grace);
            assertThat(nodes.get("a").operations()).as("restart " + i).containsExactly(START);
            assertThat(status(session).phase()).isEqualTo(BroadcastPhase.ON_AIR);
            assertThat(orchestrator.lacksRunningRooms(active("a", 2, Set.of(room)).heardAt(clock.instant()), grace)).isFalse();
        }

        nodes.get("a").forgetStream(room);
        nodes.get("a").clearCalls();
        clock.advance(Duration.ofSeconds(5));
        fleetRegistry.heard(active("a", 2, Set.of()));
        orchestrator.onAnnounced(fleetRegistry.live("a").orElseThrow(), grace);
        assertThat(nodes.get("a").operations()).as("once too often in a row").isEmpty();
        assertThat(status(session).phase()).isEqualTo(BroadcastPhase.STARTING);
        assertThat(status(session).lastError().message()).contains("stopped on node a by itself");
        assertThat(status(session).lastError().retrying()).isFalse();
    }
}
