package io.voicebroadcast.gamesession.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.testing.AppWithFakeVoice;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The command game-engine teams and the demo use, publishing to the real broker. */
class PublishCameraEventCommandTests extends AppWithFakeVoice {

    @Autowired
    CameraRegistry registry;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final UUID game = UUID.randomUUID();

    private int run(String... args) {
        return PublishCameraEventCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("GAMESESSION_CAMERA_EXCHANGE", QUEUES.exchange(), "AMQP_URI", LocalRabbitMq.URI));
    }

    @Test
    void startedThenEnded_reachTheService() {
        UUID session = UUID.randomUUID();
        int started = run("started", "--camera-id", "race-cam-main", "--game-instance-id", game.toString(),
                "--session-id", session.toString(), "--rtmp-url", "rtmp://game-1:1935/cameras/race-cam-main",
                "--display-name", "Race Start Line", "--capability", "follow_player", "--capability", "wide_angle");

        assertThat(started).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("published camera.stream.started").contains("rtmp://game-1:1935/cameras/****")
                .doesNotContain("cameras/race-cam-main\"");
        CameraKey key = new CameraKey(game, "race-cam-main");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(key).isPresent());
        Camera camera = registry.find(key).orElseThrow();
        assertThat(camera.sessionId()).isEqualTo(session);
        assertThat(camera.capabilities()).containsExactly("follow_player", "wide_angle");

        assertThat(run("ended", "--camera-id", "race-cam-main", "--game-instance-id", game.toString(), "--reason", "game_ended")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(key).orElseThrow().endReason() == EndReason.GAME_ENDED);
    }

    @Test
    void invalidEvents_areRefusedBeforePublishing() {
        assertThat(run("started", "--camera-id", "x", "--game-instance-id", game.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rtmp-url is required");

        assertThat(run("started", "--camera-id", "x", "--game-instance-id", game.toString(), "--rtmp-url", "http://h/x")).isEqualTo(2);
        assertThat(run("ended", "--camera-id", "x", "--game-instance-id", game.toString(), "--reason", "exploded")).isEqualTo(2);
        assertThat(run("deleted", "--camera-id", "x", "--game-instance-id", game.toString())).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: publish-camera-event.sh");
    }
}
