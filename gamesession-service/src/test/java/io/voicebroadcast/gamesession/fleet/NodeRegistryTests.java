package io.voicebroadcast.gamesession.fleet;

import static io.voicebroadcast.gamesession.fleet.Nodes.active;
import static io.voicebroadcast.gamesession.fleet.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.gamesession.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Node loss by silence, and the silences that are not losses, with a clock moved by hand. */
class NodeRegistryTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:00:00Z"));
    final NodeRegistry registry = new NodeRegistry(clock, Duration.ofSeconds(3));

    private void beat(String... ids) {
        for (String id : ids) {
            registry.heard(active(id, 2, Set.of()));
        }
    }

    private void secondsOfHeartbeats(int seconds, String... ids) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            beat(ids);
        }
    }

    @Test
    void awaitHeard_returnsOnceEveryNodeIsHeard_orWithThoseStillMissingAfterItsTime() throws Exception {
        beat("a");
        Thread announcer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            beat("b");
        });
        announcer.start();
        long began = System.nanoTime();
        assertThat(registry.awaitHeard(List.of("a", "b"), Duration.ofSeconds(10))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        announcer.join();

        assertThat(registry.awaitHeard(List.of("a", "c", "d"), Duration.ofMillis(100))).containsExactly("c", "d");
    }

    @Test
    void aNodeSilentForTheLossTime_isLost_once() {
        beat("a", "b", "c");
        secondsOfHeartbeats(3, "a", "b");
        assertThat(registry.declareLosses()).isEmpty(); // c silent exactly 3 s: not yet

        clock.advance(Duration.ofMillis(1));
        assertThat(registry.declareLosses()).extracting(VoiceNode::nodeId).containsExactly("c");
        assertThat(registry.declareLosses()).isEmpty();
        assertThat(registry.live()).extracting(VoiceNode::nodeId).containsExactly("a", "b");
        assertThat(registry.isLost("c")).isTrue();
    }

    @Test
    void everyNodeSilentAtOnce_isTheBroker_notTheNodes() {
        beat("a", "b", "c");
        clock.advance(Duration.ofSeconds(10));
        assertThat(registry.declareLosses()).isEmpty();
        assertThat(registry.live()).hasSize(3);
    }

    @Test
    void whileThisServicesBrokerConnectionIsDown_noLoss_andEveryNodeGetsTheLossTimeAfterItIsBack() {
        beat("a", "b", "c");
        registry.brokerDown();
        secondsOfHeartbeats(10, "a"); // say a's announcements still came through somehow
        assertThat(registry.declareLosses()).isEmpty();

        registry.brokerUp();
        clock.advance(Duration.ofSeconds(5));
        assertThat(registry.declareLosses()).as("connected again, but the announcements' consumer has not resumed yet").isEmpty();
        beat("a");
        clock.advance(Duration.ofSeconds(2));
        beat("a", "b");
        assertThat(registry.declareLosses()).as("within the loss time after the first announcement heard again").isEmpty();
        clock.advance(Duration.ofMillis(1001));
        beat("a", "b");
        assertThat(registry.declareLosses()).extracting(VoiceNode::nodeId).containsExactly("c");
    }

    @Test
    void aLostNodeThatSpeaksAgain_returns() {
        beat("a", "b");
        secondsOfHeartbeats(4, "a");
        assertThat(registry.declareLosses()).extracting(VoiceNode::nodeId).containsExactly("b");

        assertThat(registry.heard(active("b", 2, Set.of()))).isEqualTo(NodeRegistry.Heard.RETURNED);
        assertThat(registry.isLost("b")).isFalse();
        assertThat(registry.heard(active("b", 2, Set.of()))).isEqualTo(NodeRegistry.Heard.KNOWN);
    }

    @Test
    void aNodeThatLeaves_isGoneAtOnce() {
        assertThat(registry.heard(active("a", 2, Set.of()))).isEqualTo(NodeRegistry.Heard.JOINED);
        assertThat(registry.heard(node("a", 2, Set.of(), 0.5, NodeState.LEAVING))).isEqualTo(NodeRegistry.Heard.LEFT);
        assertThat(registry.live()).isEmpty();
        assertThat(registry.lost()).isEqualTo(List.of());
    }

    @Test
    void theHeardTime_isThisServicesClock_notTheNodes() {
        registry.heard(active("a", 2, Set.of()));
        assertThat(registry.live("a").orElseThrow().heardAt()).isEqualTo(clock.instant());
    }
}
