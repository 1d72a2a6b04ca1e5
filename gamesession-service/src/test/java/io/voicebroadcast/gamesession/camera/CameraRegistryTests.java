package io.voicebroadcast.gamesession.camera;

import static io.voicebroadcast.gamesession.testing.Cameras.ended;
import static io.voicebroadcast.gamesession.testing.Cameras.started;
import static io.voicebroadcast.gamesession.testing.Cameras.updated;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.gamesession.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CameraRegistryTests {

    final Instant t0 = Instant.parse("2025-06-01T12:00:00Z");
    final MutableClock clock = new MutableClock(t0);
    final CameraRegistry registry = new CameraRegistry(clock, Duration.ofMinutes(60));
    final UUID game = UUID.randomUUID();
    final UUID session = UUID.randomUUID();
    final CameraKey race = new CameraKey(game, "race-cam-main");

    @Test
    void start_registersALiveCamera_byCameraIdWithinItsGameInstance() {
        UUID otherGame = UUID.randomUUID();
        assertThat(registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/a"))).isInstanceOf(RegistryChange.Applied.class);
        registry.apply(started(t0, otherGame, "race-cam-main", session, "rtmp://h/cameras/b"));

        assertThat(registry.liveCamerasOf(session)).extracting(Camera::gameInstanceId).containsExactly(game, otherGame);
        assertThat(registry.find(race).orElseThrow().rtmpUrl()).isEqualTo("rtmp://h/cameras/a");
    }

    @Test
    void update_changesOnlyTheFieldsItCarries() {
        registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/a"));
        RegistryChange change = registry.apply(updated(t0.plusSeconds(1), game, "race-cam-main", "rtmp://h/cameras/b"));

        Camera after = ((RegistryChange.Applied) change).after();
        assertThat(after.rtmpUrl()).isEqualTo("rtmp://h/cameras/b");
        assertThat(after.displayName()).isEqualTo("race-cam-main");
        assertThat(after.sessionId()).isEqualTo(session);
        assertThat(after.startedAt()).isEqualTo(t0);
        assertThat(after.lastEventAt()).isEqualTo(t0.plusSeconds(1));
    }

    @Test
    void updateOrEnd_olderThanTheNewestEventApplied_isIgnored() {
        registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/a"));
        registry.apply(updated(t0.plusSeconds(5), game, "race-cam-main", "rtmp://h/cameras/b"));

        assertThat(registry.apply(updated(t0.plusSeconds(3), game, "race-cam-main", "rtmp://h/cameras/old")))
                .isInstanceOf(RegistryChange.Ignored.class);
        assertThat(registry.apply(ended(t0.plusSeconds(4), game, "race-cam-main", EndReason.ERROR)))
                .isInstanceOf(RegistryChange.Ignored.class);
        Camera camera = registry.find(race).orElseThrow();
        assertThat(camera.isLive()).isTrue();
        assertThat(camera.rtmpUrl()).isEqualTo("rtmp://h/cameras/b");
    }

    @Test
    void aStartOlderThanTheEnd_doesNotReviveTheCamera_butANewerOneDoes() {
        registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/a"));
        registry.apply(ended(t0.plusSeconds(10), game, "race-cam-main", EndReason.NORMAL_SHUTDOWN));

        assertThat(registry.apply(started(t0.plusSeconds(5), game, "race-cam-main", session, "rtmp://h/cameras/a")))
                .isInstanceOf(RegistryChange.Ignored.class);
        assertThat(registry.find(race).orElseThrow().isLive()).isFalse();

        registry.apply(started(t0.plusSeconds(20), game, "race-cam-main", session, "rtmp://h/cameras/a"));
        Camera revived = registry.find(race).orElseThrow();
        assertThat(revived.isLive()).isTrue();
        assertThat(revived.startedAt()).isEqualTo(t0.plusSeconds(20));
        assertThat(revived.endReason()).isNull();
    }

    @Test
    void updateOfAnEndedCamera_isIgnored_andAnEndOfAnEndedCameraUpdatesItsReason() {
        registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/a"));
        registry.apply(ended(t0.plusSeconds(1), game, "race-cam-main", EndReason.NORMAL_SHUTDOWN));

        assertThat(registry.apply(updated(t0.plusSeconds(2), game, "race-cam-main", "rtmp://h/cameras/b")))
                .isInstanceOf(RegistryChange.Ignored.class);
        assertThat(registry.apply(ended(t0.plusSeconds(3), game, "race-cam-main", EndReason.GAME_ENDED)))
                .isInstanceOf(RegistryChange.Applied.class);
        assertThat(registry.find(race).orElseThrow().endReason()).isEqualTo(EndReason.GAME_ENDED);
    }

    @Test
    void updateOrEnd_ofACameraNeverStarted_isUnknown() {
        assertThat(registry.apply(updated(t0, game, "ghost", "rtmp://h/cameras/x"))).isInstanceOf(RegistryChange.UnknownCamera.class);
        assertThat(registry.apply(ended(t0, game, "ghost", EndReason.ERROR))).isInstanceOf(RegistryChange.UnknownCamera.class);
        assertThat(registry.find(new CameraKey(game, "ghost"))).isEmpty();
    }

    @Test
    void endedCameras_areListedOnRequest_andForgottenAfterTheRetention() {
        registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/a"));
        registry.apply(started(t0, game, "crowd-cam", session, "rtmp://h/cameras/c"));
        registry.apply(ended(t0.plusSeconds(1), game, "race-cam-main", EndReason.ERROR));

        assertThat(registry.list(session, null, false)).extracting(Camera::cameraId).containsExactly("crowd-cam");
        assertThat(registry.list(null, game, true)).extracting(Camera::cameraId).containsExactly("crowd-cam", "race-cam-main");
        assertThat(registry.list(UUID.randomUUID(), null, true)).isEmpty();

        clock.advance(Duration.ofMinutes(61));
        assertThat(registry.list(null, null, true)).extracting(Camera::cameraId).containsExactly("crowd-cam");
        assertThat(registry.apply(ended(t0.plusSeconds(3600 * 2), game, "race-cam-main", EndReason.ERROR)))
                .isInstanceOf(RegistryChange.UnknownCamera.class);
    }

    @Test
    void toString_masksTheCamerasUrl() {
        registry.apply(started(t0, game, "race-cam-main", session, "rtmp://h/cameras/secret-play-key"));
        assertThat(registry.find(race).orElseThrow().toString()).doesNotContain("secret-play-key").contains("rtmp://h/cameras/****");
    }
}
