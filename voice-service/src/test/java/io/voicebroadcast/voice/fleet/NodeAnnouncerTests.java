package io.voicebroadcast.voice.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NodeAnnouncerTests {

    static final UUID ROOM = UUID.fromString("0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10");
    final List<NodeAnnouncement> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean brokerUp = new AtomicBoolean(true);
    final AtomicBoolean draining = new AtomicBoolean();
    final AnnouncementSink sink = new AnnouncementSink() {
        @Override
        public void send(NodeAnnouncement a) {
            if (!brokerUp.get()) {
                throw new IllegalStateException("connection refused");
            }
            sent.add(a);
        }

        @Override
        public String describe() {
            return "a list";
        }
    };

    NodeAnnouncer announcer() {
        return new NodeAnnouncer("node-a", "http://10.0.0.5:8080", "1.2.3", () -> new NodeLoad(3, List.of(ROOM), 0.75, draining.get()),
                () -> draining.set(true), sink, Clock.fixed(Instant.parse("2026-12-07T22:00:00Z"), ZoneOffset.UTC), Duration.ofMillis(100));
    }

    @Test
    void heartbeat_announcesLoadAndRooms_neverAStreamUrl() {
        try (NodeAnnouncer a = announcer()) {
            a.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() >= 3);
        }
        NodeAnnouncement first = sent.get(0);
        assertThat(first.state()).isEqualTo(NodeState.ACTIVE);
        assertThat(first.freeSlots()).isEqualTo(2);
        assertThat(sent.get(1).sequence()).isGreaterThan(first.sequence());
        String json = new String(first.json(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"node_id\":\"node-a\"", "\"advertised_url\":\"http://10.0.0.5:8080\"", "\"state\":\"active\"",
                "\"max_streams\":3", "\"active_streams\":1", "\"cpu_headroom\":0.75", "\"rooms\":[\"" + ROOM + "\"]");
        assertThat(json).doesNotContain("rtmp").doesNotContain("srt:");
        assertThat(first.routingKey()).isEqualTo("voice.node.active");
    }

    @Test
    void shutdown_saysDrainingThenLeaving_andStopsTheHeartbeat() throws Exception {
        NodeAnnouncer a = announcer();
        a.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
        a.announceDraining();
        assertThat(draining).isTrue();
        assertThat(sent.get(sent.size() - 1).state()).isEqualTo(NodeState.DRAINING);
        a.announceLeaving();
        int count = sent.size();
        assertThat(sent.get(count - 1).state()).isEqualTo(NodeState.LEAVING);
        Thread.sleep(300); // an observation window: no heartbeat after the last word
        assertThat(sent).hasSize(count);
    }

    @Test
    void brokerAway_announcementsFailQuietly_andResume() {
        try (NodeAnnouncer a = announcer()) {
            brokerUp.set(false);
            a.start();
            a.announceDraining(); // never throws, even with the broker away
            brokerUp.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
            assertThat(sent.get(0).state()).isEqualTo(NodeState.DRAINING);
        }
    }
}
