package io.voicebroadcast.gamesession.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NodeAnnouncementReaderTests {

    static final Instant NOW = Instant.parse("2026-12-07T22:00:00Z");

    /** As a voice node writes it (voice-service NodeAnnouncement.json, schemas/voice-node-announcements.yaml). */
    static final String ANNOUNCEMENT = """
            {"event_name":"voice.node_announced","node_id":"voice-a:8080","advertised_url":"http://10.0.0.5:8080/",
             "version":"0.1.0","state":"draining","max_streams":4,"active_streams":1,"cpu_headroom":0.625,
             "rooms":["0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10"],"sequence":17,"timestamp":"2026-12-07T21:59:59.900Z"}""";

    @Test
    void readsANodesAnnouncement() {
        VoiceNode n = NodeAnnouncementReader.read(ANNOUNCEMENT.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(n.nodeId()).isEqualTo("voice-a:8080");
        assertThat(n.url()).isEqualTo("http://10.0.0.5:8080");
        assertThat(n.state()).isEqualTo(NodeState.DRAINING);
        assertThat(n.maxStreams()).isEqualTo(4);
        assertThat(n.activeStreams()).isEqualTo(1);
        assertThat(n.cpuHeadroom()).isEqualTo(0.625);
        assertThat(n.rooms()).containsExactly(UUID.fromString("0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10"));
        assertThat(n.heardAt()).isEqualTo(NOW);
    }

    @Test
    void refusesWhatIsNotAnAnnouncement_withoutQuotingIt() {
        assertThatThrownBy(() -> NodeAnnouncementReader.read("rtmp://h/app/sk_secret".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("sk_secret");
        assertThatThrownBy(() -> NodeAnnouncementReader.read("{\"event_name\":\"voice.stream_started\"}".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeAnnouncementReader.read(ANNOUNCEMENT.replace("http://10.0.0.5:8080/", "file:///etc")
                .getBytes(StandardCharsets.UTF_8), NOW)).hasMessageContaining("advertised_url");
    }
}
