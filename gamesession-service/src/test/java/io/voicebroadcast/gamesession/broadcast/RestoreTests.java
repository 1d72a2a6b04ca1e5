package io.voicebroadcast.gamesession.broadcast;

import static io.voicebroadcast.gamesession.testing.Cameras.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.camera.CameraStore;
import io.voicebroadcast.gamesession.events.CameraEventHandler;
import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import io.voicebroadcast.gamesession.testing.MutableClock;
import io.voicebroadcast.gamesession.voice.RetryPolicy;
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A restart of this service with its state kept (stores in memory here, PostgreSQL in the
 * end-to-end test): a broadcast on air is adopted as it runs, one whose stream is gone is started again.
 */
class RestoreTests {

    static final String OUT = "rtmp://live.example.com/app/sk_live_restore";
    static final String RACE_URL = "rtmp://game-1:1935/cameras/race-cam-main";
    static final String CROWD_URL = "rtmp://game-1:1935/cameras/crowd-cam";

    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final FakeVoiceClient voice = new FakeVoiceClient();
    final Map<UUID, BroadcastRecord> broadcasts = new LinkedHashMap<>();
    final Map<Object, Camera> cameras = new LinkedHashMap<>();
    final UUID session = UUID.randomUUID();
    final UUID game = UUID.randomUUID();

    final BroadcastStore broadcastStore = new BroadcastStore() {
        @Override
        public List<BroadcastRecord> loadAll() {
            return new ArrayList<>(broadcasts.values());
        }

        @Override
        public void save(BroadcastRecord b) {
            broadcasts.put(b.sessionId(), b);
        }

        @Override
        public void delete(UUID sessionId) {
            broadcasts.remove(sessionId);
        }
    };

    final CameraStore cameraStore = new CameraStore() {
        @Override
        public List<Camera> loadAll() {
            return new ArrayList<>(cameras.values());
        }

        @Override
        public void save(Camera camera) {
            cameras.put(camera.key(), camera);
        }

        @Override
        public void forgetEndedBefore(Instant cutoff) {
            cameras.values().removeIf(c -> !c.isLive() && c.lastEventAt().isBefore(cutoff));
        }
    };

    /** One run of the service: a registry and an orchestrator on the stores, the stored state restored. */
    record Run(CameraRegistry registry, BroadcastOrchestrator orchestrator, CameraEventHandler events) {
    }

    Run start() {
        CameraRegistry registry = new CameraRegistry(clock, Duration.ofHours(1), cameraStore);
        BroadcastOrchestrator orchestrator = new BroadcastOrchestrator(registry, new io.voicebroadcast.gamesession.fleet.StaticFleet(voice, null),
                clock, new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(30)), broadcastStore);
        orchestrator.restore(broadcastStore.loadAll());
        return new Run(registry, orchestrator, new CameraEventHandler(registry, orchestrator, 1000));
    }

    Run onAirThenCrash() {
        Run first = start();
        first.orchestrator().configure(new BroadcastConfig(session, OUT, null, null, List.of("race-cam-main", "crowd-cam"), null));
        first.events().handle(started(clock.instant(), game, "crowd-cam", session, CROWD_URL));
        assertThat(first.orchestrator().status(session).orElseThrow().phase()).isEqualTo(BroadcastPhase.ON_AIR);
        voice.clearCalls();
        return first;
    }

    @Test
    void aBroadcastOnAir_isAdoptedAfterARestart_withoutAnyCall_andTheNextCameraSwitchesIt() {
        UUID room = onAirThenCrash().orchestrator().status(session).orElseThrow().voiceRoomId();

        Run second = start();

        BroadcastStatus st = second.orchestrator().status(session).orElseThrow();
        assertThat(st.phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(st.voiceRoomId()).isEqualTo(room);
        assertThat(st.cameraOnAir().cameraId()).isEqualTo("crowd-cam");
        assertThat(voice.operations()).as("calls but status questions (the fake does not record those)").isEmpty();

        second.events().handle(started(clock.instant(), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(VoiceOperation.UPDATE);
        assertThat(voice.stream(room).backgroundVideoUrl()).isEqualTo(RACE_URL);
    }

    @Test
    void aBroadcastWhoseStreamIsGoneMeanwhile_isStartedAgainAfterARestart() {
        UUID room = onAirThenCrash().orchestrator().status(session).orElseThrow().voiceRoomId();
        voice.forgetStream(room); // the voice node restarted while this service was down

        Run second = start();

        assertThat(voice.operations()).containsExactly(VoiceOperation.START);
        assertThat(second.orchestrator().status(session).orElseThrow().phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(voice.stream(room).backgroundVideoUrl()).isEqualTo(CROWD_URL);
    }

    @Test
    void aStoppedBroadcast_isForgottenByTheStore() {
        Run first = onAirThenCrash();
        first.orchestrator().stop(session);

        assertThat(broadcasts).isEmpty();
        assertThat(start().orchestrator().list(null)).isEmpty();
    }
}
