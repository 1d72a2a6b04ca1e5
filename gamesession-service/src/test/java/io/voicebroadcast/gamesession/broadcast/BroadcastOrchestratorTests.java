package io.voicebroadcast.gamesession.broadcast;

import static io.voicebroadcast.gamesession.testing.Cameras.ended;
import static io.voicebroadcast.gamesession.testing.Cameras.started;
import static io.voicebroadcast.gamesession.testing.Cameras.updated;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_PASSPHRASE;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_STREAM_ID;
import static io.voicebroadcast.gamesession.testing.Destinations.YOUTUBE;
import static io.voicebroadcast.gamesession.testing.Destinations.d;
import static io.voicebroadcast.gamesession.testing.Destinations.unnamed;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.ADD_DESTINATION;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.CREATE_ROOM;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.DELETE_ROOM;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.REMOVE_DESTINATION;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.START;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.STOP;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.events.CameraEventHandler;
import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import io.voicebroadcast.gamesession.testing.MutableClock;
import io.voicebroadcast.gamesession.voice.RetryPolicy;
import io.voicebroadcast.gamesession.voice.StreamChange;
import io.voicebroadcast.gamesession.voice.StreamDestination;
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestration rules, one by one, with a fake voice service and a clock moved by hand. */
class BroadcastOrchestratorTests {

    static final String KEY = "sk_live_4f1c9e2a7b";
    static final String OUT = "rtmp://live.example.com/app/" + KEY;
    static final String RACE_URL = "rtmp://game-1:1935/cameras/race-cam-main";
    static final String CROWD_URL = "rtmp://game-1:1935/cameras/crowd-cam";
    static final String PIT_URL = "rtmp://game-1:1935/cameras/pit-cam";
    static final String IMAGE = "https://cdn.example.com/race-backdrop.jpg";
    static final String BACKUP = "rtmp://backup.example.com/live/backup";

    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final FakeVoiceClient voice = new FakeVoiceClient();
    final CameraRegistry registry = new CameraRegistry(clock, Duration.ofHours(1));
    final BroadcastOrchestrator orchestrator = new BroadcastOrchestrator(registry, voice, clock,
            new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(30)));
    final CameraEventHandler events = new CameraEventHandler(registry, orchestrator, 1000);

    final UUID session = UUID.randomUUID();
    final UUID game = UUID.randomUUID();

    @BeforeEach
    void noCallsYet() {
        assertThat(voice.calls()).isEmpty();
    }

    private Instant t(int seconds) {
        return Instant.parse("2025-06-01T12:00:00Z").plusSeconds(seconds);
    }

    private BroadcastStatus configure(String... preference) {
        return orchestrator.configure(new BroadcastConfig(session, OUT, BACKUP, IMAGE, List.of(preference), null));
    }

    private void event(CameraEvent e) {
        events.handle(e);
    }

    private BroadcastStatus status() {
        return orchestrator.status(session).orElseThrow();
    }

    private VoiceStreamSpec onAir() {
        return voice.stream(status().voiceRoomId());
    }

    // ---- layouts -----------------------------------------------------------------------------

    private BroadcastStatus configurePip() {
        return orchestrator.configure(new BroadcastConfig(session, OUT, BACKUP, IMAGE, List.of("race-cam-main"), null)
                .withLayout("pip", List.of(List.of("crowd-cam", "pit-cam"))));
    }

    @Test
    void aPipBroadcast_startsWithTheMainCameraAndTheInsetsPreferredCamera() {
        configurePip();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "pit-cam", session, PIT_URL));

        assertThat(voice.operations()).containsExactly(CREATE_ROOM, START, VoiceOperation.LAYOUT);
        assertThat(onAir()).isEqualTo(new VoiceStreamSpec(List.of(new StreamDestination("d1", OUT)), RACE_URL, BACKUP, IMAGE, "pip",
                List.of(PIT_URL)));
        event(started(t(3), game, "crowd-cam", session, CROWD_URL)); // preferred for the inset
        assertThat(onAir().slotBackgrounds()).containsExactly(CROWD_URL);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
        assertThat(status().slotCamerasOnAir()).containsExactly("crowd-cam");
    }

    @Test
    void anInsetsCameraEnding_clearsOnlyTheInset_andAnUnlistedCameraNeverFillsIt() {
        configurePip();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        event(started(t(3), game, "replay-cam", session, "rtmp://game-1:1935/cameras/replay"));
        voice.clearCalls();

        event(ended(t(4), game, "crowd-cam", EndReason.ERROR));

        assertThat(voice.operations()).containsExactly(VoiceOperation.LAYOUT);
        assertThat(onAir().slotBackgrounds()).containsExactly("");
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
    }

    @Test
    void selectCamera_forASlot_putsItInThatSlot_andASlotTheLayoutLacksIsRefused() {
        configurePip();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        event(started(t(3), game, "replay-cam", session, "rtmp://game-1:1935/cameras/replay"));

        orchestrator.selectCamera(session, "replay-cam", null, 1);

        assertThat(onAir().slotBackgrounds()).containsExactly("rtmp://game-1:1935/cameras/replay");
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
        assertThatThrownBy(() -> orchestrator.selectCamera(session, "crowd-cam", null, 2))
                .isInstanceOf(InvalidBroadcastRequestException.class).hasMessageContaining("slots 0 to 1");
        orchestrator.selectCamera(session, null, null, 1);
        assertThat(onAir().slotBackgrounds()).containsExactly(CROWD_URL);
    }

    @Test
    void moreSlotPreferencesThanTheLayoutHas_areRefused() {
        assertThatThrownBy(() -> new BroadcastConfig(session, OUT, BACKUP, IMAGE, List.of(), null)
                .withLayout("side_by_side", List.of(List.of("a"), List.of("b"))))
                .isInstanceOf(InvalidBroadcastRequestException.class).hasMessageContaining("1 slots after the first");
    }

    // ---- starting ----------------------------------------------------------------------------

    @Test
    void configure_withoutLiveCameras_waitsAndCallsNothing() {
        BroadcastStatus st = configure();

        assertThat(st.phase()).isEqualTo(BroadcastPhase.WAITING_FOR_CAMERA);
        assertThat(st.voiceRoomId()).isNull();
        assertThat(voice.calls()).isEmpty();
    }

    @Test
    void cameraStarts_forConfiguredSession_createsScaledRoomAndStartsWithCameraAndFallbacks() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(CREATE_ROOM, START);
        assertThat(onAir()).isEqualTo(new VoiceStreamSpec(OUT, RACE_URL, BACKUP, IMAGE));
        BroadcastStatus st = status();
        assertThat(st.phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(st.cameraOnAir().cameraId()).isEqualTo("race-cam-main");
        assertThat(st.lastError()).isNull();
    }

    @Test
    void cameraStarts_forUnconfiguredOrOtherSession_callsNothing() {
        configure();
        event(started(t(1), game, "cam-a", UUID.randomUUID(), RACE_URL));
        event(started(t(1), game, "cam-b", null, CROWD_URL));

        assertThat(voice.calls()).isEmpty();
        assertThat(status().phase()).isEqualTo(BroadcastPhase.WAITING_FOR_CAMERA);
    }

    @Test
    void configure_forSessionWithLiveCameras_startsAtOnceWithTheBestOne() {
        event(started(t(1), game, "crowd-cam", session, CROWD_URL));
        event(started(t(2), game, "race-cam-main", session, RACE_URL));
        assertThat(voice.calls()).isEmpty();

        BroadcastStatus st = configure("race-cam-main", "crowd-cam");

        assertThat(st.phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(voice.operations()).containsExactly(CREATE_ROOM, START);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
    }

    @Test
    void configure_withAnExistingRoom_usesItInsteadOfCreatingOne() {
        UUID room = voice.createScaledRoom("existing");
        voice.clearCalls();
        orchestrator.configure(new BroadcastConfig(session, OUT, null, null, List.of(), room));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(START);
        assertThat(status().voiceRoomId()).isEqualTo(room);
    }

    // ---- switching ---------------------------------------------------------------------------

    @Test
    void preferredCameraStarts_whileLessPreferredOnAir_switchesByUpdate() {
        configure("race-cam-main", "crowd-cam");
        event(started(t(1), game, "crowd-cam", session, CROWD_URL));
        voice.clearCalls();

        event(started(t(2), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(voice.lastCall().change()).isEqualTo(new StreamChange(null, RACE_URL, null, null));
        assertThat(status().cameraOnAir().cameraId()).isEqualTo("race-cam-main");
    }

    @Test
    void lessPreferredOrUnlistedCameraStarts_whileOnAir_keepsTheCameraOnAir() {
        configure("race-cam-main", "crowd-cam");
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        event(started(t(3), game, "pit-cam", session, PIT_URL));

        assertThat(voice.calls()).isEmpty();
        assertThat(status().cameraOnAir().cameraId()).isEqualTo("race-cam-main");
    }

    @Test
    void withoutPreference_theFirstCameraStays_untilItEnds() {
        configure();
        event(started(t(1), game, "crowd-cam", session, CROWD_URL));
        event(started(t(2), game, "race-cam-main", session, RACE_URL));
        assertThat(status().cameraOnAir().cameraId()).isEqualTo("crowd-cam");

        event(ended(t(3), game, "crowd-cam", EndReason.NORMAL_SHUTDOWN));

        assertThat(status().cameraOnAir().cameraId()).isEqualTo("race-cam-main");
    }

    @Test
    void cameraOnAirChangesRtmpUrl_updatesTheStream() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        String moved = "rtmp://game-2:1935/cameras/race-cam-main";
        event(updated(t(2), game, "race-cam-main", moved));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(moved);
    }

    @Test
    void cameraNotOnAirChangesRtmpUrl_callsNothing() {
        configure("race-cam-main");
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        voice.clearCalls();

        event(updated(t(3), game, "crowd-cam", "rtmp://game-2:1935/cameras/crowd-cam"));

        assertThat(voice.calls()).isEmpty();
    }

    @Test
    void cameraOnAirEnds_switchesToTheBestOtherLiveCamera() {
        configure("race-cam-main", "crowd-cam", "pit-cam");
        event(started(t(1), game, "pit-cam", session, PIT_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        event(started(t(3), game, "race-cam-main", session, RACE_URL));
        assertThat(status().cameraOnAir().cameraId()).isEqualTo("race-cam-main");
        voice.clearCalls();

        event(ended(t(4), game, "race-cam-main", EndReason.ERROR));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(CROWD_URL);
    }

    @Test
    void lastCameraEnds_clearsTheBackground_soTheVoiceCascadeTakesOver() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        event(ended(t(2), game, "race-cam-main", EndReason.NORMAL_SHUTDOWN));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(voice.lastCall().change()).isEqualTo(new StreamChange(null, "", null, null));
        assertThat(onAir()).isEqualTo(new VoiceStreamSpec(OUT, null, BACKUP, IMAGE));
        BroadcastStatus st = status();
        assertThat(st.phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(st.cameraOnAir()).isNull();
    }

    @Test
    void cameraStartsAgain_afterTheBackgroundWasCleared_goesBackOnAir() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(ended(t(2), game, "race-cam-main", EndReason.ERROR));
        voice.clearCalls();

        event(started(t(3), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
    }

    // ---- the game ends -----------------------------------------------------------------------

    @Test
    void gameEnded_withNoCameraLeft_stopsTheBroadcast_andANewCameraStartsItAgainInTheSameRoom() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        UUID room = status().voiceRoomId();
        voice.clearCalls();

        event(ended(t(2), game, "race-cam-main", EndReason.GAME_ENDED));

        assertThat(voice.operations()).containsExactly(STOP);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ENDED);
        assertThat(voice.stream(room)).isNull();

        voice.clearCalls();
        UUID nextGame = UUID.randomUUID();
        event(started(t(3), nextGame, "race-cam-main", session, RACE_URL));
        assertThat(voice.operations()).containsExactly(START);
        assertThat(status().voiceRoomId()).isEqualTo(room);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ON_AIR);
    }

    @Test
    void gameEnded_afterAllCamerasEnded_stopsTheBroadcast() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(ended(t(2), game, "race-cam-main", EndReason.NORMAL_SHUTDOWN));
        voice.clearCalls();

        // The game server says it again with the reason: newer, so applied.
        event(ended(t(3), game, "race-cam-main", EndReason.GAME_ENDED));

        assertThat(voice.operations()).containsExactly(STOP);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ENDED);
    }

    @Test
    void gameEnded_whileAnotherCameraOfTheSessionIsLive_switchesInsteadOfStopping() {
        configure("race-cam-main");
        UUID otherGame = UUID.randomUUID();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), otherGame, "crowd-cam", session, CROWD_URL));
        voice.clearCalls();

        event(ended(t(3), game, "race-cam-main", EndReason.GAME_ENDED));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(CROWD_URL);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ON_AIR);
    }

    // ---- selection by hand -------------------------------------------------------------------

    @Test
    void selectCamera_putsItOnAir_andHoldsItAgainstAPreferredCamera_untilItEnds() {
        configure("race-cam-main", "crowd-cam");
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        voice.clearCalls();

        BroadcastStatus st = orchestrator.selectCamera(session, "crowd-cam", null);

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(CROWD_URL);
        assertThat(st.selection()).isEqualTo(CameraSelection.MANUAL);
        assertThat(st.selectedCameraId()).isEqualTo("crowd-cam");

        // the preferred camera re-announces itself: the hand selection holds
        event(started(t(3), game, "race-cam-main", session, RACE_URL));
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(CROWD_URL);

        // the selected camera ends: the preference order decides again
        event(ended(t(4), game, "crowd-cam", EndReason.NORMAL_SHUTDOWN));
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
        assertThat(status().selection()).isEqualTo(CameraSelection.PREFERENCE);
    }

    @Test
    void selectCamera_withoutCameraId_goesBackToThePreferenceOrder() {
        configure("race-cam-main");
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        orchestrator.selectCamera(session, "crowd-cam", null);

        orchestrator.selectCamera(session, null, null);

        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
        assertThat(status().selection()).isEqualTo(CameraSelection.PREFERENCE);
    }

    @Test
    void selectCamera_refusesUnknownEndedAmbiguousCamerasAndUnconfiguredSessions() {
        configure();
        UUID otherGame = UUID.randomUUID();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        event(started(t(3), otherGame, "crowd-cam", session, CROWD_URL + "2"));
        event(started(t(4), game, "pit-cam", session, PIT_URL));
        event(ended(t(5), game, "pit-cam", EndReason.ERROR));

        assertThatThrownBy(() -> orchestrator.selectCamera(session, "helicopter", null)).isInstanceOf(CameraNotFoundException.class);
        assertThatThrownBy(() -> orchestrator.selectCamera(session, "pit-cam", null)).isInstanceOf(CameraNotLiveException.class);
        assertThatThrownBy(() -> orchestrator.selectCamera(session, "crowd-cam", null))
                .isInstanceOf(InvalidBroadcastRequestException.class).hasMessageContaining("gameInstanceId");
        assertThatThrownBy(() -> orchestrator.selectCamera(UUID.randomUUID(), "crowd-cam", null))
                .isInstanceOf(BroadcastNotFoundException.class);

        orchestrator.selectCamera(session, "crowd-cam", otherGame);
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(CROWD_URL + "2");
    }

    // ---- reconfiguring and stopping ----------------------------------------------------------

    @Test
    void reconfigure_withNewDestination_updatesOnlyTheOutput() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        String newOut = "rtmp://live.example.com/app/sk_live_other";
        orchestrator.configure(new BroadcastConfig(session, newOut, BACKUP, IMAGE, List.of(), null));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(voice.lastCall().change()).isEqualTo(new StreamChange(newOut, null, null, null));
    }

    @Test
    void stop_stopsTheStream_forgetsTheConfiguration_andDeletesTheRoomItCreated() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        UUID room = status().voiceRoomId();
        voice.clearCalls();

        BroadcastStatus st = orchestrator.stop(session);

        assertThat(st.phase()).isEqualTo(BroadcastPhase.STOPPED);
        assertThat(voice.operations()).containsExactly(STOP, DELETE_ROOM);
        assertThat(voice.roomExists(room)).isFalse();
        assertThat(orchestrator.status(session)).isEmpty();
        assertThat(orchestrator.list(null)).isEmpty();
        assertThatThrownBy(() -> orchestrator.stop(session)).isInstanceOf(BroadcastNotFoundException.class);
    }

    @Test
    void stop_whileTheVoiceServiceIsDown_answersUnavailable_andRetriesInTheBackgroundUntilStopped() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.setDown(true);

        assertThatThrownBy(() -> orchestrator.stop(session)).isInstanceOf(VoiceUnavailableException.class);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.STOPPING);

        voice.setDown(false);
        clock.advance(Duration.ofSeconds(1));
        orchestrator.retryDue();

        assertThat(orchestrator.status(session)).isEmpty();
    }

    // ---- failures ----------------------------------------------------------------------------

    @Test
    void voiceUnreachable_duringStart_isShownInTheStatus_andRetriedWithBackoff_untilItIsBack() {
        configure();
        voice.setDown(true);
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        BroadcastStatus st = status();
        assertThat(st.phase()).isEqualTo(BroadcastPhase.STARTING);
        assertThat(st.lastError().operation()).isEqualTo(VoiceOperation.CREATE_ROOM);
        assertThat(st.lastError().retrying()).isTrue();
        assertThat(st.lastError().nextRetryAt()).isEqualTo(clock.instant().plusSeconds(1));

        // not due yet: nothing
        voice.clearCalls();
        orchestrator.retryDue();
        assertThat(voice.calls()).isEmpty();

        // due: tried again, fails again, waits twice as long
        clock.advance(Duration.ofSeconds(1));
        orchestrator.retryDue();
        assertThat(voice.operations()).containsExactly(CREATE_ROOM);
        assertThat(status().lastError().nextRetryAt()).isEqualTo(clock.instant().plusSeconds(2));

        // back: the broadcast starts
        voice.setDown(false);
        clock.advance(Duration.ofSeconds(2));
        orchestrator.retryDue();
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ON_AIR);
        assertThat(status().lastError()).isNull();
        assertThat(onAir().backgroundVideoUrl()).isEqualTo(RACE_URL);
    }

    @Test
    void voiceRejectsTheStart_with4xx_isShown_andNotRetriedInTheBackground() {
        configure();
        voice.failNext(START, 400, "invalid-stream-request");
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        BroadcastStatus st = status();
        assertThat(st.phase()).isEqualTo(BroadcastPhase.STARTING);
        assertThat(st.lastError().httpStatus()).isEqualTo(400);
        assertThat(st.lastError().retrying()).isFalse();
        assertThat(st.lastError().nextRetryAt()).isNull();

        voice.clearCalls();
        clock.advance(Duration.ofMinutes(5));
        orchestrator.retryDue();
        assertThat(voice.calls()).isEmpty();

        // the next event tries again
        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ON_AIR);
    }

    @Test
    void startAnsweredAlreadyStreaming_takesTheStreamOverWithAFullUpdate() {
        UUID room = voice.createScaledRoom("existing");
        voice.startStream(room, new VoiceStreamSpec("rtmp://elsewhere/app/x", null, null, null));
        voice.clearCalls();
        orchestrator.configure(new BroadcastConfig(session, OUT, null, IMAGE, List.of(), room));

        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(START, UPDATE);
        assertThat(voice.lastCall().change()).isEqualTo(new StreamChange(OUT, RACE_URL, "", IMAGE));
        assertThat(voice.stream(room)).isEqualTo(new VoiceStreamSpec(OUT, RACE_URL, null, IMAGE));
    }

    @Test
    void updateAnsweredNotStreaming_startsTheStreamAgain() {
        configure("race-cam-main");
        event(started(t(1), game, "crowd-cam", session, CROWD_URL));
        UUID room = status().voiceRoomId();
        voice.forgetStream(room); // e.g. the voice service restarted
        voice.clearCalls();

        event(started(t(2), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(UPDATE, START);
        assertThat(voice.stream(room).backgroundVideoUrl()).isEqualTo(RACE_URL);
    }

    // ---- destinations ------------------------------------------------------------------------

    private BroadcastStatus configureTo(String rtmpOutputUrl, StreamDestination... more) {
        return orchestrator.configure(new BroadcastConfig(session, rtmpOutputUrl, List.of(more), BACKUP, IMAGE, List.of(), null));
    }

    private List<StreamDestination> voiceDestinations() {
        return onAir().destinations();
    }

    @Test
    void start_withSeveralDestinations_givesTheVoiceServiceTheWholeListNamed() {
        BroadcastStatus configured = configureTo(OUT, unnamed(SRT), d("yt", YOUTUBE));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(CREATE_ROOM, START);
        assertThat(voiceDestinations()).containsExactly(d("d1", OUT), d("d2", SRT), d("yt", YOUTUBE));
        assertThat(configured.destinations()).containsExactly(new BroadcastStatus.Destination("d1", "rtmp://live.example.com/app/****"),
                new BroadcastStatus.Destination("d2", "srt://srt.example.com:9000?****"),
                new BroadcastStatus.Destination("yt", "rtmp://a.rtmp.youtube.com/live2/****"));
        assertThat(configured.maskedRtmpOutputUrl()).isEqualTo("rtmp://live.example.com/app/****");
    }

    @Test
    void reconfigure_withAnotherDestination_addsOnlyIt() {
        configureTo(OUT);
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        configureTo(OUT, unnamed(SRT));

        assertThat(voice.operations()).containsExactly(ADD_DESTINATION);
        assertThat(voice.lastCall().destination()).isEqualTo(d("d2", SRT));
        assertThat(voiceDestinations()).containsExactly(d("d1", OUT), d("d2", SRT));
    }

    @Test
    void reconfigure_withoutADestination_removesOnlyIt_andTheOthersKeepTheirIds() {
        configureTo(OUT, unnamed(YOUTUBE), unnamed(SRT));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        BroadcastStatus st = configureTo(OUT, unnamed(SRT));

        assertThat(voice.operations()).containsExactly(REMOVE_DESTINATION);
        assertThat(voice.lastCall().destination().id()).isEqualTo("d2");
        assertThat(voiceDestinations()).containsExactly(d("d1", OUT), d("d3", SRT));
        assertThat(st.destinations()).extracting(BroadcastStatus.Destination::id).containsExactly("d1", "d3");
    }

    @Test
    void reconfigure_withANewRtmpOutputUrl_replacesTheFirstDestinationByUpdate_andLeavesTheOthers() {
        configureTo(OUT, unnamed(SRT));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        String newOut = "rtmp://live.example.com/app/sk_live_other";
        configureTo(newOut, unnamed(SRT));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(voice.lastCall().change()).isEqualTo(new StreamChange(newOut, null, null, null));
        assertThat(voiceDestinations()).containsExactly(d("d1", newOut), d("d2", SRT));
    }

    @Test
    void reconfigure_changingSeveralThings_removesThenUpdatesThenAdds() {
        configureTo(OUT, unnamed(YOUTUBE));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        String newOut = "rtmp://live.example.com/app/sk_live_other";
        orchestrator.configure(new BroadcastConfig(session, newOut, List.of(unnamed(SRT)), null, IMAGE, List.of(), null));

        assertThat(voice.operations()).containsExactly(REMOVE_DESTINATION, UPDATE, ADD_DESTINATION);
        assertThat(voice.calls().get(1).change()).isEqualTo(new StreamChange(newOut, null, "", null));
        assertThat(voiceDestinations()).containsExactly(d("d1", newOut), d("d3", SRT));
        assertThat(onAir().fallbackStreamUrl()).isNull();
    }

    /** The voice service cannot run a broadcast without a destination: when none stays, the stream starts again. */
    @Test
    void reconfigure_replacingEveryDestination_stopsAndStartsTheStream() {
        configureTo(OUT);
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        UUID room = status().voiceRoomId();
        voice.clearCalls();

        configureTo(null, d("srt", SRT));

        assertThat(voice.operations()).containsExactly(STOP, START);
        assertThat(voice.stream(room).destinations()).containsExactly(d("srt", SRT));
        assertThat(voice.stream(room).backgroundVideoUrl()).isEqualTo(RACE_URL);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.ON_AIR);
    }

    @Test
    void reconfigure_beforeTheStart_callsNothing_andTheStartHasTheNewList() {
        configureTo(OUT);
        configureTo(OUT, unnamed(SRT));
        assertThat(voice.calls()).isEmpty();

        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voiceDestinations()).containsExactly(d("d1", OUT), d("d2", SRT));
    }

    /** After the voice service lost the stream (it restarted), the start again has every destination, not the first alone. */
    @Test
    void voiceServiceLostTheStream_theStartAgainHasTheWholeList() {
        configureTo(OUT, unnamed(SRT), unnamed(YOUTUBE));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        UUID room = status().voiceRoomId();
        voice.forgetStream(room);
        voice.clearCalls();

        event(started(t(2), game, "crowd-cam", session, CROWD_URL));
        event(ended(t(3), game, "race-cam-main", EndReason.ERROR));

        assertThat(voice.operations()).containsExactly(UPDATE, START);
        assertThat(voice.stream(room).destinations()).containsExactly(d("d1", OUT), d("d2", SRT), d("d3", YOUTUBE));
    }

    @Test
    void aDestinationCallThatFails_isRetried_andOnlyWhatIsLeftIsDone() {
        configureTo(OUT, unnamed(YOUTUBE));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();
        voice.failNext(ADD_DESTINATION, 503, "streaming-disabled");

        configureTo(OUT, unnamed(SRT));

        assertThat(voice.operations()).containsExactly(REMOVE_DESTINATION, ADD_DESTINATION);
        BroadcastStatus st = status();
        assertThat(st.lastError().operation()).isEqualTo(ADD_DESTINATION);
        assertThat(st.lastError().retrying()).isTrue();
        assertThat(voiceDestinations()).containsExactly(d("d1", OUT));

        voice.clearCalls();
        clock.advance(Duration.ofSeconds(1));
        orchestrator.retryDue();

        assertThat(voice.operations()).containsExactly(ADD_DESTINATION);
        assertThat(voiceDestinations()).containsExactly(d("d1", OUT), d("d3", SRT));
        assertThat(status().lastError()).isNull();
    }

    /** An add or a remove whose answer was lost and that is retried meets its own work: that counts as done. */
    @Test
    void aRetriedAddOrRemove_thatMeetsItsOwnWork_isDone() {
        configureTo(OUT, unnamed(YOUTUBE));
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        UUID room = status().voiceRoomId();
        // what the first attempts did before their answers were lost
        voice.removeDestination(room, "d2");
        voice.addDestination(room, d("d3", SRT));
        voice.clearCalls();

        configureTo(OUT, unnamed(SRT));

        assertThat(voice.operations()).containsExactly(REMOVE_DESTINATION, ADD_DESTINATION);
        assertThat(status().lastError()).isNull();
        assertThat(voiceDestinations()).containsExactly(d("d1", OUT), d("d3", SRT));
    }

    @Test
    void aStartAlreadyRunning_withOtherDestinations_isTakenOver_withOurList() {
        UUID room = voice.createScaledRoom("existing");
        voice.startStream(room, new VoiceStreamSpec(List.of(d("d1", "rtmp://elsewhere/app/x"), d("d2", "rtmp://elsewhere/app/y")),
                null, null, null));
        voice.clearCalls();
        orchestrator.configure(new BroadcastConfig(session, OUT, List.of(unnamed(SRT)), null, IMAGE, List.of(), room));

        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(START, UPDATE, REMOVE_DESTINATION, ADD_DESTINATION);
        assertThat(voice.stream(room)).isEqualTo(new VoiceStreamSpec(List.of(d("d1", OUT), d("d2", SRT)), RACE_URL, null, IMAGE));
    }

    /** A start refused for its destinations is the start's error, not a stream to take over. */
    @Test
    void aStartAnsweredDestinationConflict_isShownAsTheStartsError_notTakenOver() {
        configureTo(OUT, unnamed(SRT));
        voice.failNext(START, 409, "destination-conflict");

        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(voice.operations()).containsExactly(CREATE_ROOM, START);
        assertThat(status().phase()).isEqualTo(BroadcastPhase.STARTING);
        assertThat(status().lastError().operation()).isEqualTo(START);
        assertThat(status().lastError().httpStatus()).isEqualTo(409);
        assertThat(status().lastError().retrying()).isFalse();
    }

    // ---- secrets -----------------------------------------------------------------------------

    @Test
    void anSrtDestinationsStreamIdAndPassphrase_neverShow() {
        BroadcastConfig config = new BroadcastConfig(session, null, List.of(d("srt", SRT)), null, null, List.of(), null);
        orchestrator.configure(config);
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        orchestrator.configure(new BroadcastConfig(session, null, List.of(d("srt", SRT), unnamed(OUT)), null, null, List.of(), null));

        assertThat(status().maskedRtmpOutputUrl()).isEqualTo("srt://srt.example.com:9000?****");
        assertThat(List.of(status().toString(), config.toString(), onAir().toString(), String.valueOf(voice.calls())))
                .allSatisfy(text -> assertThat(text).doesNotContain(SRT_PASSPHRASE).doesNotContain(SRT_STREAM_ID).doesNotContain(KEY));
    }

    @Test
    void statusConfigAndSpecs_neverShowTheStreamKey() {
        BroadcastConfig config = new BroadcastConfig(session, OUT, null, null, List.of(), null);
        orchestrator.configure(config);
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(status().maskedRtmpOutputUrl()).isEqualTo("rtmp://live.example.com/app/****");
        assertThat(status().toString()).doesNotContain(KEY);
        assertThat(config.toString()).doesNotContain(KEY);
        assertThat(onAir().toString()).doesNotContain(KEY);
    }

    /** An http:// destination is a key in the wrong place: masked like an RTMP one (its path was shown). */
    @Test
    void aDestinationOfAnotherScheme_isMaskedAsStrictly() {
        String http = "http://live.example.com/app/" + KEY;
        BroadcastConfig config = new BroadcastConfig(session, http, null, null, List.of(), null);
        orchestrator.configure(config);
        event(started(t(1), game, "race-cam-main", session, RACE_URL));

        assertThat(status().maskedRtmpOutputUrl()).isEqualTo("http://live.example.com/app/****");
        assertThat(status().toString()).doesNotContain(KEY);
        assertThat(config.toString()).doesNotContain(KEY);
        assertThat(String.valueOf(voice.calls())).doesNotContain(KEY);
        assertThat(onAir().toString()).doesNotContain(KEY);
    }

    /** The update that replaces such a destination says it in the log as strictly (its toString showed the path). */
    @Test
    void aNewDestinationOfAnotherScheme_isMaskedAsStrictly_inTheUpdate() {
        configure();
        event(started(t(1), game, "race-cam-main", session, RACE_URL));
        voice.clearCalls();

        orchestrator.configure(new BroadcastConfig(session, "http://live.example.com/app/" + KEY, BACKUP, IMAGE, List.of(), null));

        assertThat(voice.operations()).containsExactly(UPDATE);
        assertThat(voice.lastCall().change().toString()).contains("http://live.example.com/app/****").doesNotContain(KEY);
    }
}
